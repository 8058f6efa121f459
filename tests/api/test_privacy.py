"""Only public content: drafts, private pages, unpublished revisions, restricted
collections and feedback submissions never appear in the API."""

import json

import pytest
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import Feedback, FeedbackPage
from news.models import NewsPage
from strategy.models import ProjectPage

ALL_PAGES = "/api/v2/pages/?limit=50&offset={}"


def every_page_id(api):
    pks, offset = set(), 0
    while True:
        data = api(ALL_PAGES.format(offset))
        pks |= {item["id"] for item in data["items"]}
        offset += 50
        if offset >= data["meta"]["total_count"]:
            return pks


def test_a_draft_page_is_not_in_the_api(api, page_of):
    news = page_of(NewsPage)
    draft = news.get_parent().add_child(
        instance=NewsPage(title="Geheimer Entwurf", slug="geheimer-entwurf", live=False)
    )
    draft.save_revision()
    api(f"/api/v2/pages/{draft.pk}/", status=404)
    assert draft.pk not in every_page_id(api)
    assert api("/api/v2/pages/?search=Geheimer&type=news.NewsPage")["items"] == []
    api(f"/api/v2/pages/find/?html_path={news.get_parent().url}geheimer-entwurf/", status=404)


def test_an_unpublished_revision_is_not_shown(api, page_of):
    news = page_of(NewsPage)
    published_title = news.title
    news.title = "Noch nicht freigegeben"
    news.teaser = "Vertraulicher Entwurfstext"
    news.save_revision()  # a draft revision newer than the live content
    data = api(f"/api/v2/pages/{news.pk}/")
    assert data["title"] == published_title
    assert "Vertraulicher" not in json.dumps(data)


def test_a_private_page_and_its_links_are_not_shown(api, page_of, django_user_model):
    project = page_of(ProjectPage)
    PageViewRestriction.objects.create(page=project, restriction_type="login")
    api(f"/api/v2/pages/{project.pk}/", status=404)
    assert project.pk not in every_page_id(api)
    # Not even to a signed-in user: the API shows public content only, to everyone.
    user = django_user_model.objects.create_user("leser", password="x" * 12)
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(user)
    assert signed_in.get(f"/api/v2/pages/{project.pk}/").status_code == 404
    # Pages that link to it do not reveal it.
    for news in NewsPage.objects.live().filter(related_projects=project):
        linked = api(f"/api/v2/pages/{news.pk}/?fields=_,related_projects")
        assert project.pk not in {p["id"] for p in linked["related_projects"]}
    api(f"/api/v2/pages/find/?html_path={project.url}", status=404)


def test_a_password_protected_section_is_hidden_with_its_children(api, page_of):
    project = page_of(ProjectPage)
    index = project.get_parent()
    PageViewRestriction.objects.create(page=index, restriction_type="password", password="x")
    assert not {index.pk, project.pk} & every_page_id(api)


def test_feedback_page_shows_its_texts_but_no_submission(client, api, feedback_data):
    page = FeedbackPage.objects.live().get(locale__language_code="de")
    assert client.post(page.url, feedback_data(subject="Vertrauliche Idee XYZ")).status_code == 303
    assert Feedback.objects.exists()
    data = api(f"/api/v2/pages/{page.pk}/?fields=*")
    assert set(data) == {"id", "meta", "title", "intro", "privacy_page"}
    body = json.dumps(api("/api/v2/pages/?type=home.FeedbackPage&fields=*")) + json.dumps(data)
    for secret in ("Vertrauliche Idee XYZ", "Anna Muster", "anna.muster@", "Gemeindeschreiberin"):
        assert secret not in body
    api("/api/v2/pages/?type=home.Feedback", status=400)
    api("/api/v2/feedback/", status=404)


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_images_and_documents_in_private_collections_are_hidden(api, private_collection):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image = get_image_model().objects.first()
    document = get_document_model().objects.first()
    for item in (image, document):
        item.collection = private_collection
        item.save()
    api(f"/api/v2/images/{image.pk}/", status=404)
    api(f"/api/v2/documents/{document.pk}/", status=404)
    assert image.pk not in {i["id"] for i in api("/api/v2/images/?limit=50")["items"]}
    assert document.pk not in {i["id"] for i in api("/api/v2/documents/?limit=50")["items"]}
    # Nor as a download of a public page.
    listing = json.dumps(api("/api/v2/pages/?type=strategy.StrategyPage&fields=documents&limit=50"))
    assert document.url not in listing
