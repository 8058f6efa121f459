import polib
import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from home.models import FeedbackPage, StandardPage, Topic
from news.models import NewsIndexPage, NewsPage
from strategy.models import ProjectIndexPage, ProjectPage, StrategyIndexPage, StrategyPage

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    ("home", lambda: Page.objects.get(depth=2, locale__language_code="de")),
    ("standard", lambda: StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")),
    ("news index", lambda: NewsIndexPage.objects.get(locale__language_code="de")),
    ("news", lambda: NewsPage.objects.get(locale__language_code="de", slug="my-lu-ch-online")),
    (
        "strategy",
        lambda: StrategyPage.objects.get(
            locale__language_code="de", slug="digitalstrategie-luzern"
        ),
    ),
    ("project", lambda: ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")),
    ("strategy index", lambda: StrategyIndexPage.objects.get(locale__language_code="de")),
    ("catalogue", lambda: ProjectIndexPage.objects.get(locale__language_code="de")),
    ("feedback", lambda: FeedbackPage.objects.get(locale__language_code="de")),
]


@pytest.mark.parametrize(("name", "get_page"), PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
@pytest.mark.parametrize("language", ["fr", "en", "it"])
def test_demo_page_is_a_real_translation_linked_to_its_source(name, get_page, language):
    source = get_page()
    locale = Locale.objects.get(language_code=language)
    translated = source.get_translation(locale)
    assert translated.live
    assert translated.title != source.title
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(source), target_locale=locale
    )
    total, done = translation.get_progress()
    assert total > 0 and done > 0


@pytest.mark.parametrize(("name", "get_page"), PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_language_switcher_leads_to_the_same_page_in_each_language(client, name, get_page):
    source = get_page()
    html = client.get(source.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    for language in ("fr", "en", "it"):
        translated = source.get_translation(Locale.objects.get(language_code=language))
        assert f'href="{translated.url}"' in switcher
        assert client.get(translated.url).status_code == 200


def test_language_switcher_on_the_search_page_keeps_the_query(client):
    html = client.get("/de/suche/", {"q": "eUmzug"}).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    for path in ("/fr/recherche/", "/en/search/", "/it/ricerca/"):
        assert f'href="{path}?q=eUmzug"' in switcher
        assert client.get(path, {"q": "eUmzug"}).status_code == 200


def test_untranslated_page_switches_to_that_languages_home_and_says_so(client, home_page):
    only_german = StandardPage(title="Nur Deutsch", slug="nur-deutsch")
    home_page.add_child(instance=only_german)
    html = client.get(only_german.url).content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/fr/"' in switcher and 'data-fallback="true"' in switcher
    assert "Seite nicht übersetzt" in switcher


@pytest.mark.parametrize(("name", "get_page"), PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_hreflang_alternates_list_every_translation(client, name, get_page):
    source = get_page()
    html = client.get(source.url).content.decode()
    for translated in source.get_translations(inclusive=True):
        code = translated.locale.language_code
        assert f'hreflang="{code}" href="{translated.full_url}"' in html
    assert 'hreflang="x-default"' in html


def test_translated_pages_render_in_their_language(client):
    project = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    french = project.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french.url).content.decode()
    assert '<html lang="fr">' in html
    assert french.title in html
    assert french.teaser in html


def test_translated_news_keeps_topics_in_its_own_language(client):
    news = NewsPage.objects.get(locale__language_code="de", slug="my-lu-ch-online")
    french = news.get_translation(Locale.objects.get(language_code="fr"))
    assert french.topics.exists()
    assert {t.locale.language_code for t in french.topics.all()} == {"fr"}
    assert set(french.topics.values_list("translation_key", flat=True)) == set(
        news.topics.values_list("translation_key", flat=True)
    )


def test_untranslated_topic_falls_back_to_german(client, german):
    news = NewsPage.objects.get(locale__language_code="de", slug="my-lu-ch-online")
    french = news.get_translation(Locale.objects.get(language_code="fr"))
    only_german = Topic.objects.create(name="Nur deutsch", slug="nur-deutsch", locale=german)
    french.topics.add(only_german)
    french.save()
    assert "Nur deutsch" in client.get(french.url).content.decode()


def test_source_change_marks_translation_out_of_date():
    page = StandardPage.objects.get(locale__language_code="de", slug="impressum")
    locale = Locale.objects.get(language_code="fr")
    source = TranslationSource.objects.get_for_instance(page)
    translation = Translation.objects.get(source=source, target_locale=locale)
    total, done = translation.get_progress()
    assert total == done
    page.intro = "Ein ganz neuer Einleitungssatz, den es noch nicht übersetzt gibt."
    page.save_revision().publish()
    source.update_from_db()
    total, done = translation.get_progress()
    assert done < total
    assert str(translation.get_status_display()) != "Up to date"


def test_po_export_and_import_update_the_translation():
    page = StandardPage.objects.get(locale__language_code="de", slug="kontakt")
    locale = Locale.objects.get(language_code="en")
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(page), target_locale=locale
    )
    po = translation.export_po()
    title_entry = next(entry for entry in po if entry.msgctxt == "title")
    title_entry.msgstr = "Get in touch"
    translation.import_po(polib.pofile(str(po)))
    translation.save_target(publish=True)
    assert page.get_translation(locale).title == "Get in touch"
    assert StringSegment.objects.filter(source=translation.source).exists()


def test_machine_translation_is_off_by_default(settings):
    assert not getattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None)


def test_sitemap_index_and_per_language_sitemaps(client):
    index = client.get("/sitemap.xml").content.decode()
    for language in ("de", "fr", "it", "en"):
        assert f"http://testserver/{language}/sitemap.xml" in index
    french = client.get("/fr/sitemap.xml").content.decode()
    project = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    fr_project = project.get_translation(Locale.objects.get(language_code="fr"))
    assert f"<loc>http://testserver{fr_project.url}</loc>" in french
    assert f'hreflang="de" href="http://testserver{project.url}"' in french
    assert f"<loc>http://testserver{project.url}</loc>" not in french


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_accept_language_chooses_the_language_on_root(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="it-CH,it;q=0.9").headers["Location"] == "/it/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ja").headers["Location"] == "/de/"


def test_url_prefix_wins_over_accept_language(client):
    response = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9")
    assert '<html lang="fr">' in response.content.decode()


def test_dates_are_formatted_in_the_visitors_language(client):
    news = NewsPage.objects.get(locale__language_code="de", slug="my-lu-ch-online")
    french = news.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french.url).content.decode()
    assert "24 avril 2024" in html
    assert "24. April 2024" in client.get(news.url).content.decode()


@pytest.mark.parametrize("language", ["fr", "en", "it"])
def test_demo_translates_projects_and_news_linked_to_their_sources(language):
    for model in (ProjectPage, NewsPage):
        translated = model.objects.live().filter(locale__language_code=language)
        german_keys = set(
            model.objects.filter(locale__language_code="de").values_list(
                "translation_key", flat=True
            )
        )
        assert translated.count() >= 5
        assert set(translated.values_list("translation_key", flat=True)) <= german_keys
