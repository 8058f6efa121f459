"""What each subscription follows (issue 17): a topic, a strategy, a commune, a catalogue
view, all news — a significant publication reaches exactly the subscriptions it matches."""

import pytest

from home.models import Notice, Subscription
from news.models import NewsIndexPage, NewsPage
from strategy.models import ProjectPage
from tests.editing import publish_significant
from tests.home.subscriptions.helpers import run_command, subscribe

pytestmark = pytest.mark.django_db


def confirmed(client, page, email, query=""):
    assert subscribe(client, page, email, query=query).status_code == 303
    Subscription.objects.filter(subscriber__email=email).update(confirmed_at="2026-12-01T00:00Z")
    return Subscription.objects.get(subscriber__email=email)


def project(slug):
    return ProjectPage.objects.get(locale__language_code="de", slug=slug)


def notified(page, note):
    publish_significant(page, note)
    return set(
        Notice.objects.filter(note=note).values_list("subscription__subscriber__email", flat=True)
    )


def test_each_target_gets_the_changes_it_names(client, settings):
    settings.SUBSCRIBE_RATE_LIMIT = "100/10m"
    eumzug = project("eumzug-luzern")  # in operation, topic "einwohnerdienste"
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    strategy = eumzug.focus_area.page.specific
    commune = eumzug.participating_communes.order_by("name").first()
    targets = {
        "news": confirmed(client, news_index, "news@example.ch"),
        "topic": confirmed(client, news_index, "topic@example.ch", "topic=einwohnerdienste"),
        "strategy": confirmed(client, strategy, "strategy@example.ch"),
        "commune": confirmed(
            client, eumzug.get_parent(), "commune@example.ch", f"commune={commune.bfs_number}"
        ),
        "catalogue": confirmed(
            client,
            eumzug.get_parent(),
            "catalogue@example.ch",
            "status=in_operation&topic=prozesse",
        ),
        "paused": confirmed(client, eumzug.get_parent(), "paused@example.ch", "status=paused"),
    }
    assert [s.kind for s in targets.values()] == [
        "news",
        "topic",
        "strategy",
        "commune",
        "catalogue",
        "catalogue",
    ]
    assert targets["topic"].label == "Thema: Einwohnerdienste"
    assert targets["commune"].label == f"Projekte der Gemeinde {commune.name}"
    assert targets["catalogue"].label == "Projekte: Status In Betrieb, Thema Prozesse"

    assert notified(eumzug, "Neue Gemeinden angeschlossen") == {
        "topic@example.ch",
        "strategy@example.ch",
        "commune@example.ch",
        "catalogue@example.ch",
    }
    news_with_topic = NewsPage.objects.filter(
        locale__language_code="de", topics__slug="einwohnerdienste"
    ).first()
    assert notified(news_with_topic, "Termin verschoben") == {"news@example.ch", "topic@example.ch"}
    news_without = (
        NewsPage.objects.filter(locale__language_code="de")
        .exclude(topics__slug="einwohnerdienste")
        .first()
    )
    assert notified(news_without, "Korrigierte Angaben") == {"news@example.ch"}
    strategy_note = notified(strategy, "Strategie verabschiedet")
    assert strategy_note == {"strategy@example.ch"}


def test_a_keyword_filter_is_followed_but_never_quoted_in_mails(client):
    index = project("eumzug-luzern").get_parent()
    query = "q=Besuchen+Sie+evil.example"
    subscription = confirmed(client, index, "anna@example.ch", query)
    assert subscription.label == "Projekte: mit Stichwort"
    assert subscription.key == query  # followed as typed


def test_a_mail_names_each_change_once_when_run_twice(client, smtp_server):
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    confirmed(client, news_index, "news@example.ch")
    page = NewsPage.objects.filter(locale__language_code="de").first()
    publish_significant(page, "Erste Fassung ergänzt")
    run_command()
    run_command()
    notices = [
        m for m in smtp_server.messages if "Erste Fassung" in m.get_body(("plain",)).get_content()
    ]
    assert [m["To"] for m in notices] == ["news@example.ch"]
