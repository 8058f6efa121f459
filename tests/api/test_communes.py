"""/api/v2/communes/ (vlgsite/api/communes.py): the communes with their commune page and
the catalogue's projects in the language asked for; filter, detail, errors, OpenAPI."""

import pytest

from home.communes import read_communes
from home.models import Commune
from strategy.models import ProjectPage

pytestmark = pytest.mark.django_db


def catalogue_ids(language, commune):
    return sorted(
        ProjectPage.objects.live()
        .public()
        .filter(locale__language_code=language, participating_communes=commune)
        .values_list("pk", flat=True)
    )


def test_the_listing_has_every_commune_with_its_page_and_projects(api, validate):
    data = api("/api/v2/communes/")
    validate(data, "CommuneListing")
    assert data["meta"]["total_count"] == 79 == len(data["items"])
    for item in data["items"]:
        commune = Commune.objects.get(bfs_number=item["bfs_number"])
        assert item["url"] == f"http://localhost/de/gemeinden/{commune.slug}/"
        assert item["project_ids"] == catalogue_ids("de", commune)
        assert sum(item["project_counts"].values()) == len(item["project_ids"])


def test_the_listing_filters_by_wahlkreis(api):
    data = api("/api/v2/communes/?wahlkreis=entlebuch")
    expected = {e["bfs"] for e in read_communes() if e["wahlkreis"] == "Entlebuch"}
    assert {item["bfs_number"] for item in data["items"]} == expected
    assert {item["electoral_district"] for item in data["items"]} == {"Entlebuch"}


@pytest.mark.parametrize("key", ["1031", "hochdorf"])
def test_the_detail_by_bfs_number_or_slug_in_a_language(api, validate, key):
    data = api(f"/api/v2/communes/{key}/?locale=fr")
    validate(data, "Commune")
    hochdorf = Commune.objects.get(name="Hochdorf")
    assert (data["bfs_number"], data["slug"]) == (1031, "hochdorf")
    assert data["url"] == "http://localhost/fr/communes/hochdorf/"
    assert data["project_ids"] == catalogue_ids("fr", hochdorf)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/communes/?wahlkreis=atlantis",
        "/api/v2/communes/?wahlkreis=%00",
        "/api/v2/communes/?locale=xx",
        "/api/v2/communes/?foo=1",
        "/api/v2/communes/1031/?wahlkreis=hochdorf",
        "/api/v2/communes/hochdorf/?locale=%00",
    ],
)
def test_bad_parameters_are_a_json_400(api, url):
    data = api(url, status=400)
    assert set(data) == {"message"} and data["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/communes/9999/",
        "/api/v2/communes/99999999999999999999999/",
        "/api/v2/communes/atlantis/",
        "/api/v2/communes/Hochdorf/",
        "/api/v2/communes/%00/",
    ],
)
def test_unknown_communes_are_a_json_404(api, url):
    assert set(api(url, status=404)) == {"message"}


def test_the_openapi_description_documents_the_endpoint(api_description):
    paths = api_description["paths"]
    listing = paths["/api/v2/communes/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"wahlkreis", "locale"}
    assert {"200", "400"} <= set(listing["responses"])
    assert {"200", "400", "404"} <= set(paths["/api/v2/communes/{commune}/"]["get"]["responses"])
    assert "Commune" in api_description["components"]["schemas"]


def test_the_api_index_links_the_endpoint(api):
    assert api("/api/v2/")["communes"] == "http://testserver/api/v2/communes/"
