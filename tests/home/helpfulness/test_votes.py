"""The widget's post: one vote per post, per page and language, never personal data, never
a 500, bots and floods stopped."""

import re

import pytest
from wagtail.models import Page, PageViewRestriction

from home.models import HelpfulnessVote, HomePage

from .conftest import votes

pytestmark = pytest.mark.django_db

RADIO = re.compile(r"<input[^>]*>")


def checked_answer(html):
    """The value of the checked Ja/Nein radio button in the page."""
    for tag in RADIO.findall(html):
        if 'name="helpful"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_a_post_stores_one_vote_with_page_and_language(post_vote, news_page):
    response = post_vote(news_page, helpful="nein", comment="Die Frist fehlt.")
    assert response.status_code == 303
    assert response["Location"] == f"/de/hilfreich/danke/?seite={news_page.pk}"
    vote = HelpfulnessVote.objects.get()
    assert (vote.page_id, vote.language, vote.helpful, vote.comment) == (
        news_page.pk,
        "de",
        False,
        "Die Frist fehlt.",
    )
    post_vote(news_page, helpful="ja", comment=None)
    assert votes().count() == 2
    assert votes().filter(helpful=True, comment="").count() == 1


def test_a_french_page_is_stored_as_french(post_vote):
    french_home = HomePage.objects.get(locale__language_code="fr")
    response = post_vote(french_home, url="/fr/hilfreich/", helpful="ja")
    assert response.status_code == 303
    assert response["Location"].startswith("/fr/hilfreich/danke/")
    assert votes().get().language == "fr"


def test_the_thank_you_page_links_back_to_the_page(client, post_vote, news_page):
    response = client.get(post_vote(news_page)["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vielen Dank für Ihre Rückmeldung" in html
    assert f'href="{news_page.url}"' in html
    # A made-up id: a link to the home page, no error.
    made_up = client.get("/de/hilfreich/danke/?seite=99999999")
    assert made_up.status_code == 200
    assert client.get("/de/hilfreich/danke/?seite=<script>").status_code == 200


def test_with_javascript_the_answer_is_the_thanks_fragment(post_vote, news_page):
    response = post_vote(news_page, fragment=True, comment="Gut erklärt")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vielen Dank für Ihre Rückmeldung" in html
    assert "data-helpfulness-focus" in html
    assert "<html" not in html
    assert votes().count() == 1


@pytest.mark.parametrize(
    "comment",
    [
        "Schreiben Sie mir: anna.muster@wikon.ch",
        "anna.muster (at) wikon.ch",
        "ANNA@EXAMPLE.COM danke",
    ],
)
def test_email_addresses_in_comments_are_refused_with_the_reason(post_vote, news_page, comment):
    response = post_vote(news_page, comment=comment)
    html = response.content.decode()
    assert response.status_code == 400
    assert "enthält offenbar eine E-Mail-Adresse" in html
    assert "anonym" in html
    # What was chosen and typed stays in the form.
    assert checked_answer(html) == "nein"
    assert comment in html
    assert votes().count() == 0


@pytest.mark.parametrize(
    "comment",
    [
        "Rufen Sie an: 079 123 45 67",
        "Tel. +41 79 123 45 67",
        "0041 41 228 47 20",
        "+41 (0)41 228 47 20",
        "0412284720",
        "(041) 228 47 20",
        "079/123 45 67",
        "Erreichbar unter 41 228 47 20",
        "Call +1 (555) 123-4567",
        "+49 30 1234567",
        "+44 20 7946 0958",
    ],
)
def test_phone_numbers_in_comments_are_refused_with_the_reason(post_vote, news_page, comment):
    response = post_vote(news_page, comment=comment, fragment=True)
    html = response.content.decode()
    assert response.status_code == 400
    assert "enthält offenbar eine Telefonnummer" in html
    assert "<textarea" in html and "<html" not in html  # the widget's form, to replace it
    assert votes().count() == 0


@pytest.mark.parametrize(
    "comment",
    [
        "Die Sitzung vom 01.02.2024 - 05.03.2024 fehlt.",
        "Kostet 1500 Franken, Version 2.3, Jahre 2024-2025.",
        "Seite 12 von 300, Notruf 117.",
    ],
)
def test_numbers_that_are_no_phone_numbers_are_accepted(post_vote, news_page, comment):
    assert post_vote(news_page, comment=comment).status_code == 303
    assert votes().get().comment == comment


def test_a_10_kb_comment_is_refused_with_a_message(post_vote, news_page):
    response = post_vote(news_page, comment="x" * 10_000)
    assert response.status_code == 400
    assert "höchstens 500 Zeichen" in response.content.decode()
    assert votes().count() == 0
    assert post_vote(news_page, comment="x" * 500).status_code == 303


def test_a_body_far_too_big_is_refused_before_it_is_read(post_vote, news_page):
    response = post_vote(news_page, comment="x" * 100_000)
    assert response.status_code == 400
    assert "zu lang" in response.content.decode()
    assert votes().count() == 0


def test_nul_bytes_and_control_characters_are_refused(post_vote, news_page):
    for comment in ("Text\x00mit Null", "Glocke\x07"):
        response = post_vote(news_page, comment=comment)
        assert response.status_code == 400
        assert "Steuerzeichen" in response.content.decode()
    assert votes().count() == 0


def test_html_in_a_comment_is_stored_as_text_and_shown_escaped(post_vote, news_page):
    comment = '<script>alert("x")</script><b>fett</b>'
    refused = post_vote(news_page, comment=comment + " 079 123 45 67")
    assert b"<script>alert" not in refused.content
    assert b"&lt;script&gt;" in refused.content
    assert post_vote(news_page, comment=comment).status_code == 303
    assert votes().get().comment == comment


@pytest.mark.parametrize(
    "changes",
    [
        {"page": None},
        {"page": ""},
        {"page": "abc"},
        {"page": "99999999"},
        {"page": "-1"},
        {"page": "9" * 40},
        {"page": "1"},  # the tree's root, no page of the site
    ],
)
def test_a_missing_or_unknown_page_gets_a_clear_400(post_vote, news_page, changes):
    for fragment in (False, True):
        response = post_vote(news_page, fragment=fragment, **changes)
        assert response.status_code == 400
        assert "Diese Seite gibt es nicht" in response.content.decode()
    assert votes().count() == 0


@pytest.mark.parametrize("helpful", [None, "", "vielleicht", "ja\x00"])
def test_a_missing_or_odd_answer_asks_for_yes_or_no(post_vote, news_page, helpful):
    response = post_vote(news_page, helpful=helpful, comment="Mein Kommentar")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte wählen Sie «Ja» oder «Nein»." in html
    assert "Mein Kommentar" in html
    assert votes().count() == 0


def test_drafts_and_private_pages_get_no_votes(post_vote, news_page, standard_page):
    news_page.unpublish()
    PageViewRestriction.objects.create(
        page=standard_page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for page in (news_page, standard_page):
        response = post_vote(page)
        assert response.status_code == 400
        assert "Diese Seite gibt es nicht" in response.content.decode()
    assert votes().count() == 0


def test_the_feedback_form_page_gets_no_votes(post_vote):
    feedback_page = Page.objects.get(slug="ideen-und-feedback")
    assert post_vote(feedback_page).status_code == 400


def test_only_post_is_answered(client, vote_url):
    assert client.get(vote_url).status_code == 405
    assert client.put(vote_url).status_code == 405


def test_a_filled_honeypot_gets_thanks_and_stores_nothing(post_vote, news_page):
    response = post_vote(news_page, homepage="https://spam.example")
    assert response.status_code == 303
    assert response["Location"] == f"/de/hilfreich/danke/?seite={news_page.pk}"
    fragment = post_vote(news_page, homepage="spam", fragment=True)
    assert "Vielen Dank für Ihre Rückmeldung" in fragment.content.decode()
    assert votes().count() == 0


def test_too_many_votes_from_one_client_get_a_429(client, vote_url, post_vote, news_page, settings):
    settings.HELPFULNESS_RATE_LIMIT = "3/10m"
    assert [post_vote(news_page).status_code for _ in range(3)] == [303] * 3
    refused = post_vote(news_page, comment="Noch etwas")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "in kurzer Zeit viele Rückmeldungen" in html
    assert "Noch etwas" in html  # nothing typed is lost
    assert post_vote(news_page, fragment=True).status_code == 429
    assert votes().count() == 3
    # Another client still may.
    data = {"page": news_page.pk, "helpful": "ja"}
    assert client.post(vote_url, data, REMOTE_ADDR="10.0.0.2").status_code == 303
