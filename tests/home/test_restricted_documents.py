"""Documents of a collection with a view restriction appear nowhere a visitor looks: not
on a page (attached, as a StreamField block, as a rich-text link), not in the API, not in
a feed. A public document beside them is shown (issue 16, item 7)."""

import datetime

import pytest
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText

from strategy.models import ProjectDocument
from tests.news.factories import make_news, make_news_index
from tests.search.factories import make_document, make_standard_page
from tests.strategy.factories import make_project, make_project_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db):
    internal = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    below = internal.add_child(name="Intern/Finanzen")  # a restriction covers sub-collections
    secret = make_document("Geheimes Okapipapier", name="okapi-geheim.pdf")
    secret.collection = below
    secret.save()
    public = make_document("Offener Giraffenbericht", name="giraffe-offen.pdf")
    return secret, public


def every_way(secret, public):
    """A body with each document as a block and as a rich-text link."""
    return [
        ("document", {"document": secret, "title": ""}),
        ("document", {"document": public, "title": ""}),
        (
            "paragraph",
            RichText(
                f'<p><a linktype="document" id="{secret.pk}">Okapi-Link</a> und '
                f'<a linktype="document" id="{public.pk}">Giraffen-Link</a></p>'
            ),
        ),
    ]


def assert_only_the_public_one(text, secret, public):
    assert secret.url not in text and "Geheimes Okapipapier" not in text
    assert "okapi-geheim" not in text
    assert public.url in text


def test_a_page_shows_no_restricted_document_as_block_or_link(client, home_page, documents):
    secret, public = documents
    page = make_standard_page(home_page, "Dokumentenseite")
    page.body = every_way(secret, public)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert_only_the_public_one(html, secret, public)
    assert "Offener Giraffenbericht" in html
    assert "Okapi-Link" in html  # the editor's words stay, without the link
    for rich_text_format in ("html", "markdown"):
        api = client.get(f"/api/v2/pages/{page.pk}/", {"rich_text_format": rich_text_format})
        assert_only_the_public_one(api.content.decode(), secret, public)


def test_attached_downloads_show_only_public_documents(client, home_page, documents):
    secret, public = documents
    project = make_project(make_project_index(home_page), "Okapi-Projekt")
    ProjectDocument.objects.create(page=project, document=secret, sort_order=0)
    ProjectDocument.objects.create(page=project, document=public, sort_order=1)
    assert_only_the_public_one(client.get(project.url).content.decode(), secret, public)
    api = client.get(f"/api/v2/pages/{project.pk}/").content.decode()
    assert_only_the_public_one(api, secret, public)


def test_feeds_show_no_restricted_document(client, home_page, documents):
    secret, public = documents
    index = make_news_index(home_page, slug="dokumenten-news")
    news = make_news(index, "Okapi-Neuigkeit", datetime.date(2025, 1, 1))
    news.body = every_way(secret, public)
    news.save_revision().publish()
    for kind in ("rss", "atom"):
        feed = client.get(f"{index.url}feed/{kind}/").content.decode()
        assert "Okapi-Neuigkeit" in feed
        assert secret.url not in feed and "Geheimes Okapipapier" not in feed


def test_editors_still_edit_a_page_that_links_a_restricted_document(
    client, django_user_model, home_page, documents
):
    secret, public = documents
    page = make_standard_page(home_page, "Redaktionsseite")
    page.body = every_way(secret, public)
    page.save_revision().publish()
    client.force_login(django_user_model.objects.create_superuser("chefin", password="x" * 16))
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Okapi-Link" in response.content.decode()
