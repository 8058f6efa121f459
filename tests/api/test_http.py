"""HTTP caching (ETag, Last-Modified, 304) and CORS."""

from django.test import override_settings

from news.models import NewsPage

LISTING = "/api/v2/pages/?type=news.NewsPage&order=-date&limit=5"


def test_public_responses_are_cacheable(client, db):
    response = client.get(LISTING)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response


def test_if_none_match_gives_304(client, db):
    etag = client.get(LISTING)["ETag"]
    response = client.get(LISTING, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert client.get(LISTING, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_if_modified_since_gives_304_until_something_is_published(client, db):
    detail = f"/api/v2/pages/{NewsPage.objects.live().first().pk}/"
    last_modified = client.get(detail)["Last-Modified"]
    assert client.get(detail, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    news = NewsPage.objects.live().first()
    news.title = "Neu veröffentlicht"
    news.save_revision().publish()
    response = client.get(detail, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200 and response.json()["title"] == "Neu veröffentlicht"


def test_errors_are_not_cached_as_public(client, db):
    response = client.get("/api/v2/pages/?limit=abc")
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.ch"])
def test_cors_allows_configured_origins_on_the_api_only(client, db):
    allowed = client.get(LISTING, HTTP_ORIGIN="https://portal.example.ch")
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.example.ch"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get(LISTING, HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        LISTING,
        HTTP_ORIGIN="https://portal.example.ch",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://portal.example.ch"
    site = client.get("/robots.txt", HTTP_ORIGIN="https://portal.example.ch")
    assert site.status_code == 200 and "Access-Control-Allow-Origin" not in site


def test_no_cors_without_configuration(client, db, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = client.get(LISTING, HTTP_ORIGIN="https://portal.example.ch")
    assert "Access-Control-Allow-Origin" not in response
