"""The DCAT-AP CH catalogue that opendata.swiss harvests (strategy/opendata.py)."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from strategy.models import ProjectIndexPage, ProjectPage
from strategy.opendata import MANDATORY, MULTILINGUAL, TERMS_OF_USE, VCARD
from tests.editing import publish

pytestmark = pytest.mark.django_db

# Open namespaces: pytest probes a test module's names, and rdflib's closed ones warn.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

FORMATS = {
    "rdf": ("xml", "application/rdf+xml"),
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
}
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def catalogue(client, file_format="ttl"):
    response = client.get(f"/opendata/catalog.{file_format}")
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=FORMATS[file_format][0])


def violations(graph):
    """What the graph lacks of DCAT-AP CH: a class without an instance, a mandatory
    property missing, a text missing in one of the site's languages."""
    found = []
    for rdf_class, properties in MANDATORY.items():
        subjects = set(graph.subjects(RDF.type, rdf_class))
        if not subjects:
            found.append(f"no {rdf_class}")
        for subject in subjects:
            for prop in properties:
                if graph.value(subject, prop) is None:
                    found.append(f"{subject}: no {prop}")
            for prop in MULTILINGUAL[rdf_class]:
                languages = {o.language for o in graph.objects(subject, prop) if o.language}
                if languages != LANGUAGES:
                    found.append(f"{subject}: {prop} in {sorted(languages)}")
    return found


def the(graph, rdf_class):
    (subject,) = graph.subjects(RDF.type, rdf_class)
    return subject


def distributions(graph):
    return sorted(graph.subjects(RDF.type, DCAT.Distribution))


def get_path(client, url, **headers):
    parts = urlsplit(str(url))
    return client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path, **headers)


@pytest.mark.parametrize("file_format", FORMATS)
def test_each_serialisation_parses_as_the_same_complete_catalogue(client, file_format):
    response = client.get(f"/opendata/catalog.{file_format}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FORMATS[file_format][1])
    assert response["Access-Control-Allow-Origin"] == "*"
    graph = Graph().parse(data=response.content, format=FORMATS[file_format][0])
    assert violations(graph) == []
    assert len(graph) == len(catalogue(client, "ttl"))


def test_the_check_finds_what_is_missing(client):
    graph = catalogue(client)
    distribution = distributions(graph)[0]
    graph.remove((distribution, DCTERMS.license, None))
    graph.remove((distribution, DCTERMS.title, Literal(graph.value(distribution, DCTERMS.title))))
    dataset = the(graph, DCAT.Dataset)
    graph.remove((dataset, DCTERMS.description, None))
    found = violations(graph)
    assert f"{distribution}: no {DCTERMS.license}" in found
    assert any(line.startswith(f"{distribution}: {DCTERMS.title} in") for line in found)
    assert f"{dataset}: no {DCTERMS.description}" in found


def test_the_texts_are_translated(client):
    graph = catalogue(client)
    for rdf_class in (DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService):
        for subject in graph.subjects(RDF.type, rdf_class):
            for prop in (DCTERMS.title, DCTERMS.description):
                texts = {text.language: str(text) for text in graph.objects(subject, prop)}
                assert len(set(texts.values())) == len(LANGUAGES), (subject, prop, texts)
    dataset = the(graph, DCAT.Dataset)
    titles = {title.language: str(title) for title in graph.objects(dataset, DCTERMS.title)}
    assert titles["de"] == "Projektkatalog E-Government Luzern"
    assert titles["fr"] == "Catalogue des projets E-Government Lucerne"


def test_one_dataset_per_catalogue_with_its_exports_in_every_language_and_the_api(client):
    graph = catalogue(client)
    dataset = the(graph, DCAT.Dataset)
    assert set(graph.objects(dataset, DCAT.distribution)) == set(distributions(graph))
    exports = [d for d in distributions(graph) if graph.value(d, DCAT.downloadURL)]
    languages = {str(graph.value(d, DCTERMS.language)) for d in exports}
    assert languages == LANGUAGES
    assert len(exports) == 2 * len(LANGUAGES)  # CSV and JSON
    catalogue_pages = ProjectIndexPage.objects.live()
    landing_pages = {urlsplit(str(url)).path for url in graph.objects(dataset, DCAT.landingPage)}
    assert landing_pages == {page.url for page in catalogue_pages}
    service = the(graph, DCAT.DataService)
    assert get_path(client, graph.value(service, DCAT.endpointDescription)).status_code == 200
    assert (service, DCAT.servesDataset, dataset) in graph


def test_every_distribution_answers_with_its_media_type(client):
    graph = catalogue(client)
    for distribution in distributions(graph):
        media_type = str(graph.value(distribution, DCAT.mediaType)).rsplit("media-types/")[1]
        url = graph.value(distribution, DCAT.downloadURL) or graph.value(
            distribution, DCAT.accessURL
        )
        response = get_path(client, url)
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] == media_type, url
        file_format = str(graph.value(distribution, DCTERMS["format"])).rsplit("/")[-1]
        assert file_format == media_type.split("/")[1].upper()


def test_publisher_contact_identifier_theme_and_terms_of_use(client):
    graph = catalogue(client)
    dataset = the(graph, DCAT.Dataset)
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert isinstance(publisher, URIRef)
    assert (publisher, RDF.type, FOAF.Organization) in graph
    names = {name.language: str(name) for name in graph.objects(publisher, FOAF.name)}
    assert names["de"] == "Verband Luzerner Gemeinden VLG"
    assert set(names) == LANGUAGES
    contact = graph.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert re.fullmatch(r"mailto:[^@]+@[^@]+", str(graph.value(contact, VCARD.hasEmail)))
    identifier = str(graph.value(dataset, DCTERMS.identifier))
    assert re.fullmatch(r"[A-Za-z0-9_-]+@verband-luzerner-gemeinden-vlg", identifier)
    assert str(graph.value(dataset, DCAT.theme)).startswith("http://dcat-ap.ch/vocabulary/themes/")
    for distribution in distributions(graph):
        assert graph.value(distribution, DCTERMS.license) == TERMS_OF_USE
        assert graph.value(distribution, DCTERMS.rights) == TERMS_OF_USE


def test_modified_follows_published_and_unpublished_projects(client):
    before = catalogue(client)
    dataset = the(before, DCAT.Dataset)
    modified_before = before.value(dataset, DCTERMS.modified).toPython()
    french = ProjectPage.objects.live().filter(locale__language_code="fr")
    project, other = french[:2]
    publish(project, teaser="Une nouvelle description courte.")
    after = catalogue(client)
    modified_after = after.value(dataset, DCTERMS.modified).toPython()
    assert modified_after > modified_before
    french_csv = next(d for d in distributions(after) if str(d).endswith("-csv-fr"))
    assert after.value(french_csv, DCTERMS.modified).toPython() == modified_after

    other.unpublish()  # it leaves the exports: a change of the data as well
    unpublished = catalogue(client)
    assert unpublished.value(dataset, DCTERMS.modified).toPython() > modified_after


def test_bad_requests_get_clear_answers(client):
    assert client.get("/opendata/catalog.xml").status_code == 404
    assert client.get("/opendata/catalog.").status_code == 404
    assert client.post("/opendata/catalog.ttl").status_code == 405
    for file_format in FORMATS:
        response = client.head(f"/opendata/catalog.{file_format}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(FORMATS[file_format][1])
    assert client.head("/opendata/catalog.xml").status_code == 404


def test_the_catalogue_uri_leads_to_the_preferred_serialisation(client):
    for accept, file_format in [
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml", "rdf"),
        ("text/html,*/*;q=0.8", "rdf"),
    ]:
        response = client.get("/opendata/catalog", HTTP_ACCEPT=accept)
        assert response.status_code == 303
        assert response["Location"] == f"/opendata/catalog.{file_format}"
    graph = catalogue(client)
    assert urlsplit(str(the(graph, DCAT.Catalog))).path == "/opendata/catalog"


def test_the_catalogue_page_links_its_metadata(client):
    page = ProjectIndexPage.objects.live().get(locale__language_code="de")
    html = client.get(page.url).content.decode()
    assert 'href="/opendata/catalog.rdf" type="application/rdf+xml"' in html
    assert '<link rel="alternate" type="application/rdf+xml" href="/opendata/catalog.rdf"' in html
