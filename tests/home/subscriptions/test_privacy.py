"""Subscribers' addresses (issue 17, "Privacy" and "Editors"): never in the API, search,
feeds, sitemaps or request log; in the admin only for the role that handles personal
data, which answers data-protection requests (export, deletion) without logging them."""

import json
import logging
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry, Page, get_page_models

from home.models import Notice, Subscriber, Subscription
from news.models import NewsIndexPage
from strategy.models import ProjectPage
from tests.editing import publish_significant
from tests.home.subscriptions.helpers import links, run_command, subscribe, subscribe_and_confirm

pytestmark = pytest.mark.django_db

# Two words found nowhere else, so that a search for either repeats only that word.
LOCAL_PART = "quaxelpost"
DOMAIN = "brunnen-quaxel.example"
ADDRESS = f"{LOCAL_PART}@{DOMAIN}"
REPORT_URL = "/admin/abonnements/"
LOOKUP_URL = "/admin/abonnements/personen/"
FEED_LINK = re.compile(r"<link[^>]*application/(?:rss|atom)\+xml[^>]*>")
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def project():
    return ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")


@pytest.fixture
def subscribed(client, smtp_server, project):
    """The address subscribed to a project and all news, confirmed, and notified once."""
    subscribe_and_confirm(client, smtp_server, project, ADDRESS)
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    subscribe_and_confirm(client, smtp_server, news_index, ADDRESS, frequency="weekly")
    publish_significant(project, "Alle Gemeinden sind angeschlossen")
    run_command()
    return Subscriber.objects.get(email=ADDRESS)


def assert_no_address(body, where):
    assert LOCAL_PART not in body.lower() and DOMAIN not in body.lower(), where


def api_urls(project):
    """Every page of every type with all its fields, and the project's detail."""
    yield "/api/v2/"
    yield f"/api/v2/pages/{project.pk}/"
    yield f"/api/v2/pages/find/?html_path={project.url}"
    for model in get_page_models():
        count = model.objects.live().count()
        if model is Page or not count:
            continue
        for offset in range(0, count, 50):
            yield f"/api/v2/pages/?type={model._meta.label}&fields=*&limit=50&offset={offset}"


def feed_urls(client, *pages):
    """The feeds the pages announce in their head."""
    for page in pages:
        html = client.get(page.url).content.decode()
        for link in FEED_LINK.findall(html):
            yield urlsplit(HREF.search(link).group(1)).path


def test_the_address_is_not_public_anywhere(client, subscribed, project, home_page):
    call_command("update_index", verbosity=0)
    feeds = sorted(set(feed_urls(client, home_page, project)))
    assert feeds, "the pages announce no feed"
    public = [
        *api_urls(project),
        *feeds,
        "/sitemap.xml",
        *(f"/{language}/sitemap.xml" for language in ("de", "fr", "it", "en")),
        project.url,
        home_page.url,
    ]
    for url in public:
        response = client.get(url, follow=True)  # find/ redirects to the page's detail
        assert response.status_code == 200, url
        assert_no_address(response.content.decode(), url)
    # Each endpoint the OpenAPI document lists (some answer 400 without parameters).
    for path in client.get("/api/v2/openapi.json").json()["paths"]:
        if "{" not in path:
            response = client.get(path)
            assert response.status_code < 500, path
            assert_no_address(response.content.decode(), path)

    # A search repeats what was searched for: each half of the address must find
    # nothing, and bring no trace of the other half.
    for word, other in ((LOCAL_PART, DOMAIN), (DOMAIN, LOCAL_PART)):
        for url in (
            f"/de/suche/?q={word}",
            f"/de/suche/autocomplete/?q={word}",
            f"/api/v2/pages/?search={word}",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert other not in response.content.decode().lower(), url
        assert client.get(f"/api/v2/pages/?search={word}").json()["meta"]["total_count"] == 0
        assert "0 Treffer" in client.get(f"/de/suche/?q={word}").content.decode()


def test_the_request_log_holds_tokens_but_no_address(
    client,
    smtp_server,
    project,
    settings,
    caplog,
):
    """Subscribing, confirming, managing and unsubscribing, with the request log of
    production (home/request_log.py) and every other logger listening."""
    settings.MIDDLEWARE = ["home.request_log.RequestLogMiddleware", *settings.MIDDLEWARE]
    caplog.set_level(logging.DEBUG)
    subscribe_and_confirm(client, smtp_server, project, ADDRESS)
    assert subscribe(client, project, ADDRESS).status_code == 303  # again: "already"
    assert subscribe(client, project, "x" * 10_000 + f"@{DOMAIN}").status_code == 400
    publish_significant(project, "Alle Gemeinden sind angeschlossen")
    run_command()
    manage, unsubscribe = links(smtp_server.messages[-1])
    assert client.get(manage).status_code == 200
    subscription = Subscription.objects.get()
    change = {"action": "frequency", "subscription": subscription.pk, "frequency": "weekly"}
    assert client.post(manage, change).status_code == 303
    assert client.get(unsubscribe).status_code == 200
    assert client.post(unsubscribe).status_code == 200

    requests = [r for r in caplog.records if r.name == "vlgsite.requests"]
    paths = [r.path for r in requests]
    assert any(path.startswith("/de/abonnements/verwalten/") for path in paths), paths
    assert len(requests) >= 8
    # (aiosmtpd, the tests' SMTP server, logs the conversation it receives as "mail.log".)
    for record in [r for r in caplog.records if r.name != "mail.log"]:
        assert_no_address(f"{record.getMessage()} {vars(record)}", record.name)


def test_an_editor_sees_counts_but_no_address(editor, subscribed):
    html = editor.get(REPORT_URL).content.decode()
    assert "Alle Gemeinden" not in html  # (a change note, not a target)
    assert "eUmzug" in html and "Alle News" in html
    assert_no_address(html, "report")
    assert LOOKUP_URL not in html
    export = b"".join(editor.get(f"{REPORT_URL}?export=csv").streaming_content).decode()
    assert "eUmzug" in export
    assert_no_address(export, "export")
    xlsx = editor.get(f"{REPORT_URL}?export=xlsx")
    assert xlsx.status_code == 200
    # Every page with addresses refuses (back to the dashboard, with a message).
    subscription = subscribed.subscriptions.first()
    addresses = f"{REPORT_URL}adressen/?kind={subscription.kind}&key={subscription.key}&language=de"
    for url in (
        addresses,
        LOOKUP_URL,
        f"{LOOKUP_URL}{subscribed.pk}/",
        f"{LOOKUP_URL}{subscribed.pk}/export/",
        f"{LOOKUP_URL}{subscribed.pk}/loeschen/",
    ):
        response = editor.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    assert editor.post(LOOKUP_URL, {"email": ADDRESS}).status_code == 302
    assert editor.post(f"{LOOKUP_URL}{subscribed.pk}/loeschen/").status_code == 302
    assert Subscriber.objects.filter(pk=subscribed.pk).exists()


def test_the_feedback_team_sees_the_addresses_behind_a_row(feedback_team, subscribed):
    report = feedback_team.get(REPORT_URL).content.decode()
    assert_no_address(report, "report")  # counts; the addresses one click further
    assert LOOKUP_URL in report
    addresses = re.search(r'href="(/admin/abonnements/adressen/\?[^"]+)"', report).group(1)
    html = feedback_team.get(addresses.replace("&amp;", "&")).content.decode()
    assert ADDRESS in html and f"{LOOKUP_URL}{subscribed.pk}/" in html
    assert feedback_team.get(f"{REPORT_URL}adressen/?kind=nichts").status_code == 200


def test_a_data_protection_request_exports_and_deletes_everything(
    feedback_team,
    client,
    subscribed,
    smtp_server,
):
    other = Subscriber.objects.create(email="andere@example.ch")
    other.subscriptions.create(language="fr", kind="news", label="Actualités", url="/fr/")

    # Found by the address as the person writes it, posted (not in a URL).
    assert (
        "keine Abonnements"
        in feedback_team.post(LOOKUP_URL, {"email": "niemand@example.ch"}).content.decode()
    )
    assert feedback_team.post(LOOKUP_URL, {"email": "x" * 10_000}).status_code == 200
    found = feedback_team.post(LOOKUP_URL, {"email": ADDRESS.upper()})
    assert found.status_code == 302
    page_url = found["Location"]
    assert page_url == f"{LOOKUP_URL}{subscribed.pk}/"
    html = feedback_team.get(page_url).content.decode()
    assert ADDRESS in html and "eUmzug" in html

    export = feedback_team.get(f"{page_url}export/")
    assert export["Content-Disposition"] == (
        f'attachment; filename="abonnements-{subscribed.pk}.json"'
    )
    data = json.loads(export.content)
    assert data["email"] == ADDRESS and data["created_at"]
    assert sorted((s["kind"], s["language"], s["frequency"]) for s in data["subscriptions"]) == [
        ("news", "de", "weekly"),
        ("project", "de", "immediately"),
    ]
    for subscription in data["subscriptions"]:
        assert subscription["label"] and subscription["url"] and subscription["key"] is not None
        assert subscription["created_at"] and subscription["confirmed_at"]
    assert Notice.objects.filter(subscription__subscriber=subscribed).exists()

    # Deleting asks first.
    confirm = feedback_team.get(f"{page_url}loeschen/")
    assert confirm.status_code == 200 and ADDRESS in confirm.content.decode()
    assert Subscriber.objects.filter(pk=subscribed.pk).exists()
    manage = next(link for link in links(smtp_server.messages[-1]) if "/verwalten/" in link)
    deleted = feedback_team.post(f"{page_url}loeschen/", follow=True)
    assert deleted.redirect_chain == [(LOOKUP_URL, 302)]
    assert "wurden gelöscht" in deleted.content.decode()
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert not Subscription.objects.filter(subscriber_id=subscribed.pk).exists()
    assert not Notice.objects.filter(subscription__subscriber_id=subscribed.pk).exists()
    assert other.subscriptions.count() == 1
    assert client.get(manage).status_code == 400  # the person's own link is dead too
    assert feedback_team.get(page_url, follow=True).status_code == 404

    # Wagtail's log names the subscriber's number and the count, not the address.
    entries = ModelLogEntry.objects.filter(object_id=str(subscribed.pk)).order_by("timestamp")
    assert [(e.action, e.data, e.user.username) for e in entries] == [
        ("home.subscriber.export", {"count": 2}, "datenschutz"),
        ("home.subscriber.delete", {"count": 2}, "datenschutz"),
    ]
    assert entries[0].label == f"Abonnentin/Abonnent #{subscribed.pk}"
    for entry in entries:
        assert_no_address(f"{entry.label} {entry.data} {entry.message}", entry.action)
    history = feedback_team.get("/admin/reports/site-history/").content.decode()
    assert "Alle Abonnements einer Person gelöscht (Anzahl: 2)" in history
    assert_no_address(history, "site history")
