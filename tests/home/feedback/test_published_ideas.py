"""Published ideas (issue 18): only with the sender's consent and the handler's decision,
only answered ones, never a personal field — on the list, in its feed, the API, search,
the sitemap — and shown on the project they went into."""

import feedparser
import pytest
from django.core.exceptions import ValidationError

from home.models import Feedback, IdeasPage, Topic
from strategy.models import ProjectPage

pytestmark = pytest.mark.django_db

PERSONAL = ("demo@example.ch", ">Demo<", "anna.muster@wikon.example.ch", "Anna Muster")


@pytest.fixture
def without_demo_submissions():
    """Here the demo content's two published ideas (home/demo/pages.json) are the subject."""


@pytest.fixture
def ideas_page():
    return IdeasPage.objects.get(locale__language_code="de")


def published(**changes):
    feedback = Feedback.objects.get(submission_token="demo-idee-eumzug")
    for name, value in changes.items():
        setattr(feedback, name, value)
    return feedback


def test_the_list_shows_the_edited_idea_and_answer_and_nothing_personal(client, ideas_page):
    html = client.get(ideas_page.url).content.decode()
    assert "eUmzug auch für Wochenaufenthalterinnen" in html  # the edited title
    assert "Umzugsmeldung auch für Wochenaufenthalter<" not in html  # not the sent one
    assert "seit der neuen Version von eUmzug LU online möglich" in html
    assert "aus Wikon" in html  # allowed by its sender
    assert "Emmen" not in html  # not allowed by the other
    assert 'href="/de/projekte/eumzug-luzern/"' in html
    for private in PERSONAL:
        assert private not in html


def test_publishing_needs_both_consents_and_an_answer():
    with pytest.raises(ValidationError, match="nicht zugestimmt"):
        published(publication_consent=False).full_clean()
    with pytest.raises(ValidationError, match="beantwortete"):
        published(status="in_review").full_clean()
    with pytest.raises(ValidationError):
        published(public_answer="").full_clean()
    published().full_clean()


def test_without_the_handlers_decision_or_consent_nothing_is_listed(client, ideas_page):
    Feedback.objects.filter(submission_token="demo-idee-eumzug").update(published=False)
    Feedback.objects.filter(submission_token="demo-idee-portal").update(publication_consent=False)
    html = client.get(ideas_page.url).content.decode()
    assert "0 Ideen" in html


def test_filters_by_status_and_topic(client, ideas_page):
    closed = client.get(ideas_page.url, {"status": "closed"}).content.decode()
    assert "Wochenaufenthalter" in closed and "Statusanzeige" not in closed
    topic = client.get(ideas_page.url, {"topic": "einwohnerdienste"}).content.decode()
    assert "Wochenaufenthalter" in topic and "Stand eines Gesuchs" not in topic
    assert client.get(ideas_page.url, {"status": "new"}).status_code == 404
    assert client.get(ideas_page.url, {"topic": "<script>"}).status_code == 404


def test_a_french_list_filters_by_the_french_topic(client, ideas_page):
    french = IdeasPage.objects.get(locale__language_code="fr")
    german_topic = Topic.objects.get(locale__language_code="de", slug="einwohnerdienste")
    topic = Topic.objects.get(
        locale__language_code="fr", translation_key=german_topic.translation_key
    )
    html = client.get(french.url, {"topic": topic.slug}).content.decode()
    assert "Wochenaufenthalter" in html and "Stand eines Gesuchs" not in html


@pytest.mark.parametrize("kind, version", [("rss", "rss20"), ("atom", "atom10")])
def test_the_feed_is_valid_and_has_no_personal_field(client, ideas_page, kind, version):
    response = client.get(f"{ideas_page.url}feed/{kind}/")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0 and parsed.version == version
    assert {entry.title for entry in parsed.entries} == {
        "eUmzug auch für Wochenaufenthalterinnen und Wochenaufenthalter",
        "Stand eines Gesuchs im Einwohnerportal sehen",
    }
    for private in PERSONAL:
        assert private not in response.content.decode()
    assert client.get(f"{ideas_page.url}feed/json/").status_code == 404


def test_the_api_lists_ideas_without_personal_fields(client, ideas_page):
    response = client.get(f"/api/v2/pages/{ideas_page.pk}/")
    ideas = response.json()["ideas"]
    assert len(ideas) == 2
    for idea in ideas:
        assert set(idea) == {
            "id",
            "subject",
            "text",
            "answer",
            "status",
            "status_label",
            "category",
            "topics",
            "commune",
            "outcome",
            "published_at",
            "language",
        }
    assert {idea["commune"] for idea in ideas} == {"Wikon", None}
    for private in PERSONAL:
        assert private not in response.content.decode()


def test_search_and_sitemap_know_no_sender(client):
    # The texts as sent and as published: ideas are not in the search index.
    for query in ("Wochenaufenthalter", "Statusanzeige"):
        html = client.get("/de/suche/", {"q": query}).content.decode()
        assert "search-result__type" not in html, query
    assert "demo@example.ch" not in client.get("/de/sitemap.xml").content.decode()


def test_the_project_page_shows_the_ideas_that_went_into_it(client, ideas_page):
    project = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    html = client.get(project.url).content.decode()
    assert "Ideen aus den Gemeinden" in html
    assert "eUmzug auch für Wochenaufenthalterinnen" in html
    assert f'href="{ideas_page.url}#idee-' in html
    feedback = published(published=False)
    feedback.save()  # unpublishing is a change of content: the page shows it at once
    assert "Ideen aus den Gemeinden" not in client.get(project.url).content.decode()


def test_the_form_asks_for_consent_to_publish_default_off(client, feedback_page, feedback_data):
    html = client.get(feedback_page.url).content.decode()
    assert 'name="publication_consent"' in html
    assert 'name="publication_consent" checked' not in html
    client.post(feedback_page.url, feedback_data(publication_consent="on"))
    feedback = Feedback.objects.exclude(submission_token__startswith="demo-").get()
    assert feedback.publication_consent and not feedback.show_commune and not feedback.published
