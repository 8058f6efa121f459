"""The accessibility statement: in four languages, linked from every page's footer, built
from the site's own checks (home/accessibility.py), with a way to report a barrier that
chooses "Barriere melden" on the feedback form."""

import ast
import datetime
import html
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from home import accessibility
from home.models import (
    AccessibilityStatementPage,
    Feedback,
    FeedbackCategory,
    FeedbackPage,
    HomePage,
    IdeasPage,
    StandardPage,
)
from news.models import NewsPage
from strategy.models import ProjectPage
from tests.browser.states import AXE_CASES
from tests.mail import deliver_mail

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "fr", "it", "en"]
BROWSER_TESTS = Path(__file__).resolve().parents[1] / "browser"
CHECKED_CATEGORY = re.compile(
    r'<input type="radio" name="category" value="([a-z_]+)"[^>]*\bchecked\b'
)
PAGE_ADDRESS = re.compile(r'<input type="text" name="page_address"[^>]*>')


def statement(language):
    return AccessibilityStatementPage.objects.live().get(locale__language_code=language)


def report_link(page_html, css_class):
    found = re.search(rf'<a[^>]*class="[^"]*{css_class}[^"]*"[^>]*href="([^"]+)"', page_html)
    found = found or re.search(rf'<a href="([^"]+)"[^>]*class="[^"]*{css_class}', page_html)
    assert found, f"no link .{css_class}"
    return html.unescape(found.group(1))


def page_address_value(form_html):
    field = PAGE_ADDRESS.search(form_html).group(0)
    value = re.search(r'value="([^"]*)"', field)
    return html.unescape(value.group(1)) if value else ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_exists_in_every_language_with_the_facts_of_the_checks(client, language):
    page = statement(language)
    response = client.get(page.url)
    assert response.status_code == 200
    text = response.content.decode()
    check = accessibility.last_check()
    assert "eCH-0059" in text and "WCAG" in text and "2.1" in text and "AA" in text
    for tag in accessibility.AXE_TAGS:
        assert f"<code>{tag}</code>" in text
    assert re.search(rf"\b{check.page_states}\b", text) and check.axe_version in text
    assert f'<time datetime="{check.checked_on.isoformat()}">' in text
    with translation.override(language):
        status = str(page.get_conformance_status_display())
        keyboard_paths = [str(label) for label in accessibility.KEYBOARD_PATHS.values()]
    assert f"<strong>{status}</strong>" in text
    for label in keyboard_paths:
        assert html.escape(label) in text
    for block in page.limitations:
        assert html.escape(block.value["title"]) in text


def test_the_titles_are_those_of_each_language():
    titles = {language: statement(language).title for language in LANGUAGES}
    assert titles == {
        "de": "Erklärung zur Barrierefreiheit",
        "fr": "Déclaration d'accessibilité",
        "it": "Dichiarazione di accessibilità",
        "en": "Accessibility statement",
    }
    with translation.override("de"):
        assert statement("de").get_conformance_status_display() == "teilweise konform"


def test_the_number_of_states_and_the_date_come_from_the_record_of_the_browser_run(
    client, tmp_path, monkeypatch
):
    record = tmp_path / "checks.json"
    accessibility.write_record(
        datetime.date(2027, 6, 17), "9.9.9", 123, ["de", "fr", "it", "en"], path=record
    )
    read = accessibility.last_check
    monkeypatch.setattr(accessibility, "last_check", lambda: read(record))
    text = client.get(statement("de").url).content.decode()
    assert "Geprüft werden 123 Seitenzustände mit axe-core 9.9.9" in text
    assert "Deutsch, Französisch, Italienisch, Englisch" in text
    assert '<time datetime="2027-06-17">17. Juni 2027</time>' in text

    broken = tmp_path / "broken.json"
    broken.write_text("not json")
    monkeypatch.setattr(accessibility, "last_check", lambda: read(broken))
    text = client.get(statement("de").url).content.decode()
    assert "Es ist noch keine vollständige Prüfung erfasst." in text


def test_the_keyboard_paths_named_are_tests_of_the_browser_suite():
    names = {
        node.name
        for path in BROWSER_TESTS.glob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
    }
    assert set(accessibility.KEYBOARD_PATHS) <= names


def test_the_browser_run_checks_the_statement_with_axe_in_four_languages():
    checked = {case.values[0] for case in AXE_CASES if case.values[1] == "accessibility_statement"}
    assert checked == set(LANGUAGES)


def pages_of(language):
    """Pages of several types in one language, and the search page."""
    with translation.override(language):
        search = reverse("search") + "?q=Gemeinde"
    pages = [
        model.objects.live().filter(locale__language_code=language).first()
        for model in (HomePage, StandardPage, NewsPage, ProjectPage, FeedbackPage, IdeasPage)
    ]
    return [page.url for page in pages] + [search, statement(language).url]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_statement_and_the_barrier_report_in_its_footer(client, language):
    statement_url = statement(language).url
    form_url = FeedbackPage.objects.live().get(locale__language_code=language).url
    for url in pages_of(language):
        response = client.get(url)
        assert response.status_code == 200, url
        footer = response.content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="{statement_url}" class="site-footer__accessibility">' in footer, url
        report = report_link(footer, "site-footer__barrier")
        assert report.startswith(f"{form_url}?kategorie=accessibility&seite="), url


def test_the_report_link_of_the_statement_chooses_barrier_on_the_form(client):
    page_html = client.get(statement("fr").url).content.decode()
    form = client.get(report_link(page_html, "accessibility-statement__report"))
    assert form.status_code == 200
    form_html = form.content.decode()
    assert CHECKED_CATEGORY.findall(form_html) == [FeedbackCategory.ACCESSIBILITY]
    assert "Signaler un obstacle" in form_html


def test_the_footer_link_names_the_page_the_visitor_was_on(client):
    news = NewsPage.objects.live().filter(locale__language_code="de").first()
    page_html = client.get(news.url).content.decode()
    form_html = client.get(report_link(page_html, "site-footer__barrier")).content.decode()
    assert CHECKED_CATEGORY.findall(form_html) == [FeedbackCategory.ACCESSIBILITY]
    assert page_address_value(form_html) == news.url


def test_a_barrier_report_is_stored_and_mailed_like_other_feedback(
    client, feedback_page, feedback_data
):
    Feedback.objects.filter(submission_token__startswith="demo-").delete()
    data = feedback_data(
        category="accessibility",
        subject="Filter nicht mit der Tastatur bedienbar",
        page_address="http://testserver/de/projekte/?status=in_operation",
    )
    response = client.post(feedback_page.url, data)
    assert response.status_code == 303
    stored = Feedback.objects.get()
    assert stored.category == FeedbackCategory.ACCESSIBILITY
    assert stored.page_address == "/de/projekte/?status=in_operation"
    sent = deliver_mail()
    department = next(m for m in sent if m.to == ["prozesse-informatik@example.ch"])
    assert "Barriere melden" in department.subject
    assert "/de/projekte/?status=in_operation" in department.body
    assert any(m.to == ["anna.muster@wikon.example.ch"] for m in sent)


@pytest.mark.parametrize(
    "address",
    [
        "https://elsewhere.example/de/",
        "//elsewhere.example/de/",
        "javascript:alert(1)",
        "de/ohne-schrägstrich/",
        "/de/\\elsewhere",
    ],
)
def test_a_page_address_of_another_site_is_refused_with_a_message(
    client, feedback_page, feedback_data, address
):
    Feedback.objects.filter(submission_token__startswith="demo-").delete()
    response = client.post(feedback_page.url, feedback_data(page_address=address))
    assert response.status_code == 200
    assert "Bitte geben Sie die Adresse einer Seite dieser Website an" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "kategorie=barriere",
        "kategorie=",
        "kategorie=accessibility%00",
        "kategorie=<script>",
        "kategorie=idea&kategorie=",
        "seite=https://elsewhere.example/",
        "seite=//elsewhere.example/",
        "seite=javascript:alert(1)",
        "seite=%00",
        "seite=" + "a" * 3000,
        "seite=http://[::1",
    ],
)
def test_bad_prefill_values_are_ignored(client, feedback_page, query):
    response = client.get(f"{feedback_page.url}?{query}")
    assert response.status_code == 200
    form_html = response.content.decode()
    assert CHECKED_CATEGORY.findall(form_html) == []
    assert page_address_value(form_html) == ""
