"""Change notes (issue 17): significant changes are listed on the page, date it and reach
the feeds and translations; minor corrections do not."""

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from home.models import ChangeKind
from home.models.change_notes import to_milliseconds
from news.models import NewsPage
from tests.editing import publish
from tests.news.factories import make_news, make_news_index


@pytest.fixture
def draft(home_page):
    index = make_news_index(home_page)
    return make_news(index, "Neue Vernehmlassung", live=False)


def notes(page):
    return [(note.text, note.date) for note in page.change_note_list()]


def test_first_publication_is_a_significant_change(client, draft):
    page = publish(draft)
    assert [str(text) for text, _date in notes(page)] == ["Erstveröffentlichung"]
    assert page.last_significant_change == to_milliseconds(page.last_published_at)
    html = client.get(page.url).content.decode()
    assert "Änderungen" in html and "Erstveröffentlichung" in html
    assert "Zuletzt aktualisiert" in html


def test_republishing_by_default_is_a_minor_correction(draft):
    first = publish(draft)
    page = publish(first, teaser="Tippfehler korrigiert")
    assert len(notes(page)) == 1
    assert page.last_significant_change == first.last_significant_change
    assert page.last_published_at > first.last_published_at


def test_significant_change_of_a_live_page_needs_a_note(draft):
    page = publish(draft).get_latest_revision_as_object()
    page.change_kind = ChangeKind.SIGNIFICANT
    with pytest.raises(ValidationError) as error:
        page.save_revision()
    assert "Eine wesentliche Änderung braucht eine kurze Notiz" in str(error.value)


def test_significant_changes_are_listed_newest_first_and_date_the_page(client, draft):
    first = publish(draft)
    second = publish(first, change_kind=ChangeKind.SIGNIFICANT, change_note="Frist verlängert")
    third = publish(second, change_kind=ChangeKind.SIGNIFICANT, change_note="Unterlagen ergänzt")
    texts = [str(text) for text, _date in notes(third)]
    assert texts == ["Unterlagen ergänzt", "Frist verlängert", "Erstveröffentlichung"]
    assert third.last_significant_change == to_milliseconds(third.last_published_at)
    assert third.last_significant_change > second.last_significant_change
    html = client.get(third.url).content.decode()
    assert html.index("Unterlagen ergänzt") < html.index("Frist verlängert")


def test_the_next_edit_starts_at_the_default_and_keeps_the_notes(draft):
    page = publish(draft)
    page = publish(page, change_kind=ChangeKind.SIGNIFICANT, change_note="Frist verlängert")
    editing = page.get_latest_revision_as_object()
    assert (editing.change_kind, editing.change_note) == (ChangeKind.DEFAULT, "")
    page = publish(page, teaser="Nur ein Komma")
    assert len(notes(page)) == 2


def test_feed_entries_are_dated_by_the_last_significant_change_with_its_note(client, draft):
    page = publish(draft)
    page = publish(page, change_kind=ChangeKind.SIGNIFICANT, change_note="Frist verlängert")
    page = publish(page, teaser="Kleine Korrektur am Kurztext")
    atom = client.get(f"{page.get_parent().url}feed/atom/").content.decode()
    assert f"<updated>{page.last_significant_change.isoformat()}</updated>" in atom
    assert "Frist verlängert" in atom
    rss = client.get(f"{page.get_parent().url}feed/rss/").content.decode()
    assert "Frist verlängert" in rss


def test_a_french_translation_shows_its_own_notes(client, admin_user):
    german = NewsPage.objects.get(locale__language_code="de", slug="my-lu-ch-online")
    french_locale = Locale.objects.get(language_code="fr")
    german = german.get_latest_revision_as_object()
    german.change_kind = ChangeKind.SIGNIFICANT
    german.change_note = "Neue Termine für die Schulungen"
    german.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(german)
    source.update_from_db()
    translation = Translation.objects.get(source=source, target_locale=french_locale)
    po = translation.export_po()
    entry = next(e for e in po if e.msgid == "Neue Termine für die Schulungen")
    entry.msgstr = "Nouvelles dates pour les formations"
    translation.import_po(polib.pofile(str(po)))
    translation.save_target(publish=True)

    french = german.get_translation(french_locale)
    client.force_login(admin_user)
    editor = client.get(f"/admin/pages/{french.pk}/edit/").content.decode()
    assert "Nouvelles dates pour les formations" in editor  # wagtail-localize's editor
    client.logout()
    html = client.get(french.url).content.decode()
    assert "Nouvelles dates pour les formations" in html
    assert "Neue Termine" not in html
    assert client.get(german.url).content.decode().count("Neue Termine für die Schulungen") == 1
    # Publishing the translation records no note of its own.
    assert len(french.change_note_list()) == len(
        NewsPage.objects.get(pk=german.pk).change_note_list()
    )


def test_editors_choose_the_kind_of_change_in_the_edit_form(admin_client, draft):
    page = publish(draft)
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for text in ("Art der Änderung", "Wesentliche Änderung", "Kleine Korrektur", "Änderungsnotiz"):
        assert text in html


def edit_form_data(html):
    """The values the admin's page edit form would submit as it is shown."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        kind = field.get("type", "")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "select":
            chosen = [o.get("value", "") for o in field.find_all("option", selected=True)]
            data[name] = chosen if field.has_attr("multiple") else (chosen or [""])[:1]
        elif field.name == "textarea":
            data[name] = [field.text]
        else:
            data[name] = [field.get("value", "")]
    return data


def test_the_edit_form_refuses_a_significant_change_without_a_note(admin_client, draft):
    page = publish(draft)
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(admin_client.get(url).content.decode())
    # The (empty) body is a StreamField, which the browser's script would submit.
    data.update(change_kind=["significant"], change_note=[""], teaser=["Neu"])
    data["body-count"] = ["0"]
    data["action-publish"] = ["action-publish"]
    response = admin_client.post(url, data)
    html = response.content.decode()
    assert "Eine wesentliche Änderung braucht eine kurze Notiz" in html
    assert NewsPage.objects.get(pk=page.pk).teaser != "Neu"

    data.update(change_note=["Frist verlängert"])
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = NewsPage.objects.get(pk=page.pk)
    assert page.teaser == "Neu"
    assert [str(n.text) for n in page.change_note_list()][0] == "Frist verlängert"


def test_a_draft_saved_before_the_publication_keeps_the_note_and_adds_none(draft):
    page = publish(draft).get_latest_revision_as_object()
    page.change_kind, page.change_note = ChangeKind.SIGNIFICANT, "Frist verlängert"
    significant = page.save_revision()
    later = page.get_latest_revision_as_object()
    later.teaser = "Später ergänzt"
    newer_draft = later.save_revision()
    significant.publish()  # e.g. approved in a workflow while the draft waited
    noted = NewsPage.objects.get(pk=page.pk)
    noted_notes = notes(noted)
    newer_draft.refresh_from_db()  # as the admin or a scheduled publication loads it
    newer_draft.publish()
    page = NewsPage.objects.get(pk=page.pk)
    assert page.teaser == "Später ergänzt"
    assert notes(page) == noted_notes
    texts = [str(text) for text, _date in notes(page)]
    assert texts == ["Frist verlängert", "Erstveröffentlichung"]
    assert page.last_significant_change == noted.last_significant_change
