"""Searching a restricted document's title finds neither the document nor a page by it
(issue 16, item 7); a public document and its page are found."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from strategy.models import ProjectDocument
from tests.search.factories import make_document, make_standard_page
from tests.strategy.factories import make_project, make_project_index

SEARCH_URL = "/de/suche/"


def found(client, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    return {(r.title, r.type) for r in response.context["search"].page.object_list}


@pytest.fixture
def internal(db):
    collection = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_restricted_documents_are_not_found_by_their_title(
    search_backend, client, home_page, internal
):
    secret = make_document("Okapipapier vertraulich")
    secret.collection = internal
    secret.save()
    public = make_document("Giraffenbericht offen")
    project = make_project(make_project_index(home_page), "Tierprojekt")
    ProjectDocument.objects.create(page=project, document=secret, sort_order=0)
    ProjectDocument.objects.create(page=project, document=public, sort_order=1)
    page = make_standard_page(home_page, "Tierseite")
    page.body = [("document", {"document": secret, "title": "Okapipapier intern"})]
    page.save_revision().publish()
    search_backend.refresh()

    assert found(client, "Okapipapier") == set()
    assert found(client, "Giraffenbericht") == {
        ("Giraffenbericht offen", "document"),
        ("Tierprojekt", "project"),
    }


def test_a_document_moved_into_a_restricted_collection_is_no_longer_found(
    search_backend, client, home_page, internal
):
    document = make_document("Okapipapier bald intern")
    project = make_project(make_project_index(home_page), "Tierprojekt")
    ProjectDocument.objects.create(page=project, document=document, sort_order=0)
    search_backend.refresh()
    assert ("Tierprojekt", "project") in found(client, "Okapipapier")

    document.collection = internal
    document.save()
    search_backend.refresh()
    assert found(client, "Okapipapier") == set()


def test_a_collection_that_becomes_restricted_hides_its_documents_from_search(
    search_backend, client, home_page
):
    archive = Collection.get_first_root_node().add_child(name="Archiv")
    document = make_document("Okapipapier im Archiv")
    document.collection = archive
    document.save()
    project = make_project(make_project_index(home_page), "Tierprojekt")
    ProjectDocument.objects.create(page=project, document=document, sort_order=0)
    search_backend.refresh()
    assert found(client, "Okapipapier") == {
        ("Okapipapier im Archiv", "document"),
        ("Tierprojekt", "project"),
    }

    restriction = CollectionViewRestriction.objects.create(
        collection=archive, restriction_type="login"
    )
    search_backend.refresh()
    assert found(client, "Okapipapier") == set()
    restriction.delete()
    search_backend.refresh()
    assert ("Tierprojekt", "project") in found(client, "Okapipapier")
