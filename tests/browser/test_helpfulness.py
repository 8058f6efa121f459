""" "War diese Seite hilfreich?" in a real browser: it passes axe in German and French in
each of its states, and works with the keyboard with and without JavaScript."""

import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, describe_violations, run_axe
from tests.live_server import LiveServer

WIDGET = "[data-helpfulness]"
NO = "#helpfulness-helpful_1"
COMMENT = "#helpfulness-comment"
SUBMIT = ".helpfulness__form button[type=submit]"


def stored_comments(text):
    """Votes with this comment in the live server's database."""
    database = LiveServer.shared().directory / "db.sqlite3"
    with sqlite3.connect(database) as db:
        query = "SELECT helpful, language FROM home_helpfulnessvote WHERE comment = ?"
        return db.execute(query, [text]).fetchall()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def tab_to_the_widget(tab, limit=80):
    """Press Tab from the start of the main content until the question has the focus."""
    tab.locator("#main").focus()
    # A selector, not a script: the tab may run without JavaScript.
    focused = tab.locator("#helpfulness-helpful_0:focus")
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if focused.count():
            return
    pytest.fail(f"the question not reached with {limit} presses of Tab")


def answer_no_with_the_keyboard(tab, comment):
    tab_to_the_widget(tab)
    tab.keyboard.press("ArrowRight")  # in the radio group: from "Ja" to "Nein"
    expect(tab.locator(NO)).to_be_focused()
    expect(tab.locator(NO)).to_be_checked()
    tab.keyboard.press("Tab")
    expect(tab.locator(COMMENT)).to_be_focused()
    tab.keyboard.type(comment)
    tab.keyboard.press("Tab")  # the hidden trap field is skipped
    expect(tab.locator(SUBMIT)).to_be_focused()


def assert_accessible(tab, label):
    violations = run_axe(tab, label)
    assert not violations, f"{tab.url}\n{describe_violations(violations)}"


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_the_widget_passes_axe_in_each_state(page, site, locale):
    page.goto(site(locale, "news"))
    expect(page.locator(WIDGET)).to_be_visible()
    assert_accessible(page, f"helpfulness/{locale}")

    # A comment with an e-mail address: refused in the widget, the answer kept.
    page.locator(NO).check()
    page.locator(COMMENT).fill("Bitte an anna.muster@wikon.example.ch antworten")
    page.locator(SUBMIT).click()
    errors = page.locator("#helpfulness-errors")
    expect(errors).to_be_focused()
    expect(page.locator(NO)).to_be_checked()
    expect(page.locator(COMMENT)).to_have_value("Bitte an anna.muster@wikon.example.ch antworten")
    assert_accessible(page, f"helpfulness refused/{locale}")

    page.locator(COMMENT).fill(f"Axe {locale}: die Frist fehlt")
    page.locator(SUBMIT).click()
    expect(page.locator(".helpfulness__thanks")).to_be_focused()
    assert_accessible(page, f"helpfulness thanks/{locale}")
    assert stored_comments(f"Axe {locale}: die Frist fehlt") == [(0, locale)]


def test_with_javascript_the_keyboard_vote_needs_no_reload(page, site):
    page.goto(site("de", "news"))
    address = page.url
    answer_no_with_the_keyboard(page, "Tastatur mit Skript: Beispiel fehlt")
    page.keyboard.press("Enter")

    thanks = page.locator(".helpfulness__thanks")
    expect(thanks).to_be_focused()
    expect(thanks).to_have_text("Vielen Dank für Ihre Rückmeldung")
    # In the widget's live region, on the same page: no reload.
    expect(page.locator("[data-helpfulness-status] .helpfulness__thanks")).to_have_count(1)
    expect(page.locator(".helpfulness__form")).to_have_count(0)
    assert page.url == address
    assert stored_comments("Tastatur mit Skript: Beispiel fehlt") == [(0, "de")]


def test_with_javascript_a_phone_number_is_refused_in_the_widget(page, site):
    page.goto(site("fr", "news"))
    answer_no_with_the_keyboard(page, "Appelez-moi au 079 123 45 67")
    page.keyboard.press("Enter")
    errors = page.locator("#helpfulness-errors")
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("numéro de téléphone")
    expect(page.locator(COMMENT)).to_have_value("Appelez-moi au 079 123 45 67")
    assert stored_comments("Appelez-moi au 079 123 45 67") == []


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_the_pages_of_a_post_without_javascript_pass_axe(page, site, locale):
    """The pages a browser without JavaScript gets (axe itself needs JavaScript: the form
    is sent here past the widget's script, as without it)."""
    page.goto(site(locale, "news"))
    page.locator(NO).check()
    page.locator(COMMENT).fill("Bitte an anna@wikon.example.ch")
    with page.expect_navigation():
        page.locator(".helpfulness__form").evaluate("form => form.submit()")
    expect(page.locator("#helpfulness-errors")).to_be_visible()
    assert_accessible(page, f"helpfulness refused page/{locale}")

    page.locator(COMMENT).fill("")
    with page.expect_navigation():
        page.locator(".helpfulness__form").evaluate("form => form.submit()")
    assert f"/{locale}/hilfreich/danke/" in page.url
    assert_accessible(page, f"helpfulness thanks page/{locale}")


def test_without_javascript_the_form_post_leads_to_a_thank_you_page(page_without_javascript, site):
    tab = page_without_javascript
    tab.goto(site("de", "news"))
    news_address = tab.url
    answer_no_with_the_keyboard(tab, "Tastatur ohne Skript: Karte fehlt")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")

    assert "/de/hilfreich/danke/" in tab.url
    heading = tab.locator("h1")
    expect(heading).to_have_text("Vielen Dank für Ihre Rückmeldung")
    expect(heading).to_be_focused()  # autofocus: no script needed
    assert stored_comments("Tastatur ohne Skript: Karte fehlt") == [(0, "de")]
    # The link back to the page.
    with tab.expect_navigation():
        tab.locator("main a.more-link").click()
    assert tab.url == news_address


def test_without_javascript_a_refused_comment_keeps_what_was_typed(page_without_javascript, site):
    tab = page_without_javascript
    tab.goto(site("de", "news"))
    answer_no_with_the_keyboard(tab, "Mail an anna@wikon.example.ch")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    expect(tab.locator("#helpfulness-errors")).to_contain_text("E-Mail-Adresse")
    expect(tab.locator(NO)).to_be_checked()
    expect(tab.locator(COMMENT)).to_have_value("Mail an anna@wikon.example.ch")

    tab.locator(COMMENT).fill("Ohne Adresse")
    with tab.expect_navigation():
        tab.locator(SUBMIT).click()
    expect(tab.locator("h1")).to_have_text("Vielen Dank für Ihre Rückmeldung")
    assert stored_comments("Ohne Adresse") == [(0, "de")]
