"""Languages: ?locale=, meta.translations, French pages found by their path."""

from news.models import NewsPage
from strategy.models import ProjectPage


def test_locale_filter_returns_only_that_language(api):
    data = api("/api/v2/pages/?locale=fr&limit=50")
    assert data["items"] and {i["meta"]["locale"] for i in data["items"]} == {"fr"}
    news = api("/api/v2/pages/?type=news.NewsPage&locale=it&limit=50")
    assert news["meta"]["total_count"] == (
        NewsPage.objects.live().filter(locale__language_code="it").count()
    )


def test_every_page_lists_its_translations(api, page_of):
    project = page_of(ProjectPage)
    data = api(f"/api/v2/pages/{project.pk}/")
    translations = {t["locale"]: t for t in data["meta"]["translations"]}
    assert set(translations) == {"fr", "it", "en"}
    french = project.get_translation(
        project.get_translations().get(locale__language_code="fr").locale
    )
    assert translations["fr"]["id"] == french.pk
    assert translations["fr"]["url"].endswith(french.url)
    # And back: the French page names the German one.
    back = api(f"/api/v2/pages/{french.pk}/?fields=_,translations(locale,id)")
    assert {"locale": "de", "id": project.pk} in back["meta"]["translations"]


def test_translations_in_listings(api):
    data = api("/api/v2/pages/?type=strategy.ProjectPage&locale=en&fields=translations&limit=5")
    for item in data["items"]:
        assert {t["locale"] for t in item["meta"]["translations"]} == {"de", "fr", "it"}


def test_a_page_in_french(api, page_of):
    project = page_of(ProjectPage, locale="fr", topics__isnull=False)
    data = api(f"/api/v2/pages/{project.pk}/")
    assert data["meta"]["locale"] == "fr"
    assert data["meta"]["html_url"].endswith(project.url) and "/fr/" in project.url
    assert data["title"] == project.title
    # Topics and links to other pages are the French ones.
    assert {t["name"] for t in data["topics"]} == {t.name for t in project.topics.all()}
    if data["focus_area"] and data["focus_area"]["strategy"]:
        strategy = api(f"/api/v2/pages/{data['focus_area']['strategy']['id']}/")
        assert strategy["meta"]["locale"] == "fr"


def test_translation_of_lists_the_other_languages(api, ids, page_of):
    project = page_of(ProjectPage)
    data = api(f"/api/v2/pages/?translation_of={project.pk}")
    assert set(ids(data)) == set(project.get_translations().values_list("pk", flat=True))


def test_find_a_french_page_by_its_path(api, page_of):
    project = page_of(ProjectPage, locale="fr")
    data = api(f"/api/v2/pages/find/?html_path={project.url}", follow=True)
    assert data["id"] == project.pk
    home = api("/api/v2/pages/find/?html_path=/fr/", follow=True)
    assert home["meta"]["type"] == "home.HomePage" and home["meta"]["locale"] == "fr"
