"""The feedback sender's status page and the published ideas with the keyboard alone
(issue 18; their axe checks in German and French are states of test_accessibility.py)."""

from tests.browser.states import feedback_status
from tests.browser.test_keyboard import tab_to


def test_the_status_page_stops_its_mails_with_the_keyboard(page, site):
    feedback_status(page, site, "de")
    assert "Eingegangen" in page.locator(".feedback-status__facts").inner_text()
    tab_to(page, ".feedback-status__mails a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "keine E-Mails mehr" in page.locator("main [role=status]").inner_text()
    tab_to(page, "main a[href*='/rueckmeldung/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "keine E-Mails mehr" in page.locator(".feedback-status__mails").inner_text()


def test_the_ideas_filter_and_the_project_link_work_with_the_keyboard(page, site):
    page.goto(site("de", "ideas"))
    assert page.locator(".idea").count() == 2
    tab_to(page, "#filter-status")
    page.keyboard.press("ArrowDown")  # "Beantwortet"
    tab_to(page, ".filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "status=answered" in page.url and page.locator(".idea").count() == 1
    tab_to(page, ".idea__outcome a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/projekte/" in page.url
    assert page.locator("#ideas-taken-up-title").count() == 1
