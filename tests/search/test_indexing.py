"""Publishing, unpublishing, moving and deleting keep the index up to date, on both
backends; update_index rebuilds it."""

import io

from django.core.management import call_command
from wagtail.models import Locale, Page, PageViewRestriction

from search import service
from tests.news.factories import make_news, make_news_index
from tests.search.factories import make_standard_page


def found(query, title):
    outcome = service.search({"q": query}, locale=Locale.objects.get(language_code="de"), log=False)
    return title in [result.title for result in outcome.page.object_list]


def test_publishing_adds_and_unpublishing_removes(search_backend, home_page):
    page = make_standard_page(home_page, "Neuer Seidenreiher", live=False)
    search_backend.refresh()
    assert not found("Seidenreiher", "Neuer Seidenreiher")

    page.save_revision().publish()
    search_backend.refresh()
    assert found("Seidenreiher", "Neuer Seidenreiher")

    page.refresh_from_db()
    page.unpublish()
    search_backend.refresh()
    assert not found("Seidenreiher", "Neuer Seidenreiher")


def test_publishing_a_change_updates_the_text(search_backend, home_page):
    page = make_standard_page(home_page, "Seite über Reiher", intro="Vom Graureiher.")
    search_backend.refresh()
    assert found("Graureiher", "Seite über Reiher")

    page.intro = "Vom Purpurreiher."
    page.save_revision().publish()
    search_backend.refresh()
    assert found("Purpurreiher", "Seite über Reiher")
    assert not found("Graureiher", "Seite über Reiher")


def test_deleting_removes_from_the_index(search_backend, home_page):
    index = make_news_index(home_page, slug="loeschen-test")
    news = make_news(index, "Der Nachtreiher zieht weiter", slug="nachtreiher")
    search_backend.refresh()
    assert found("Nachtreiher", "Der Nachtreiher zieht weiter")

    pk = news.pk
    news.delete()
    search_backend.refresh()
    assert not found("Nachtreiher", "Der Nachtreiher zieht weiter")
    if search_backend.is_node:
        backend = search_backend.node.backend()
        index_name = backend.get_index_for_model(Page).name
        assert not backend.es.exists(index=index_name, id=str(pk))


def test_moving_into_a_private_section_hides_the_section_and_its_children(
    search_backend, home_page
):
    section = make_standard_page(home_page, "Öffentlicher Bereich", slug="bereich")
    make_standard_page(section, "Der Silberreiher im Bereich", slug="silberreiher")
    private = make_standard_page(home_page, "Interner Bereich", slug="intern")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    search_backend.refresh()
    assert found("Silberreiher", "Der Silberreiher im Bereich")

    section.move(private, pos="last-child")
    search_backend.refresh()
    assert not found("Silberreiher", "Der Silberreiher im Bereich")


def test_moved_pages_are_found_with_their_new_address(search_backend, home_page, client):
    old_parent = make_standard_page(home_page, "Alter Ort", slug="alter-ort")
    new_parent = make_standard_page(home_page, "Neuer Ort", slug="neuer-ort")
    make_standard_page(old_parent, "Der Kuhreiher zieht um", slug="kuhreiher")
    search_backend.refresh()

    old_parent.move(new_parent, pos="last-child")
    search_backend.refresh()
    response = client.get("/de/suche/", {"q": "Kuhreiher"})
    (result,) = response.context["search"].page.object_list
    assert result.url == "/de/neuer-ort/alter-ort/kuhreiher/"


def test_update_index_rebuilds_the_index(search_backend, home_page):
    make_standard_page(home_page, "Vom Rallenreiher", slug="rallenreiher")
    name = search_backend.node.prefix if search_backend.is_node else None
    stdout = io.StringIO()
    call_command("update_index", backend_name="default", stdout=stdout)
    search_backend.refresh()

    assert "indexed" in stdout.getvalue() or "doesn't require rebuilding" in stdout.getvalue()
    assert found("Rallenreiher", "Vom Rallenreiher")
    if name:
        assert "Rebuilding index" in stdout.getvalue()
