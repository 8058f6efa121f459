"""E-mail alerts in the browser (issue 17): the subscribe form on the pages that offer it,
the answer to a bad address, the "requested", confirmation and management pages pass
axe-core's WCAG 2.0/2.1 A and AA rules in German and French; a visitor subscribes and
manages the subscriptions with the keyboard alone, the focus visible at every stop.

The confirmation link comes from the live server's outbox (tests/browser/outbox.py), as
the subscriber would find it in the mail."""

import secrets

import pytest

from tests.browser.conftest import describe_violations, run_axe
from tests.browser.outbox import confirm_path
from tests.browser.states import apply_first_filter
from tests.browser.test_keyboard import press_tab, tab_to

FORM = ".subscribe__form"


def fresh_address():
    return f"anna.{secrets.token_hex(4)}@wikon.example.ch"


def subscribe(tab, site, locale, kind="project", email=None):
    """Send the page's subscribe form with an address (a fresh one by default); returns
    the navigation's response."""
    tab.goto(site(locale, kind))
    form = tab.locator(FORM)
    form.locator("[name=email]").fill(email or fresh_address())
    with tab.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    return navigation.value


def form_on(kind):
    def go(tab, site, locale):
        tab.goto(site(locale, kind))
        tab.locator(FORM).scroll_into_view_if_needed()

    return go


def catalogue_filtered(tab, site, locale):
    """The catalogue with a filter offers that filtered view."""
    apply_first_filter("projects")(tab, site, locale)
    query = tab.locator(f"{FORM} [name=query]").input_value()
    assert query and query in tab.url


def bad_address(tab, site, locale):
    tab.goto(site(locale, "project"))
    tab.locator(f"{FORM} [name=email]").fill("anna.muster(at)wikon")
    with tab.expect_navigation() as navigation:
        tab.locator(f"{FORM} button[type=submit]").click()
    assert navigation.value.status == 400
    tab.locator("#form-errors").wait_for()


def requested(tab, site, locale):
    response = subscribe(tab, site, locale)
    assert response.ok and tab.url == f"{site.url}/{locale}/abonnements/angefordert/"


def confirmation(tab, site, locale):
    email = fresh_address()
    subscribe(tab, site, locale, email=email)
    tab.goto(site.url + confirm_path(email))
    tab.locator("main button[type=submit]").wait_for()


def managed(tab, site, locale):
    confirmation(tab, site, locale)
    with tab.expect_navigation():
        tab.locator("main button[type=submit]").click()
    assert "/abonnements/verwalten/" in tab.url and "bestaetigt=1" in tab.url
    assert tab.locator(".subscription-list__item").count() == 1


def all_ended(tab, site, locale):
    managed(tab, site, locale)
    with tab.expect_navigation():
        tab.locator("button[value=delete_all]").click()
    tab.locator("main [role=status]").wait_for()


STATES = {
    "project_form": form_on("project"),
    "catalogue_filtered_form": catalogue_filtered,
    "news_index_form": form_on("news_index"),
    "bad_address": bad_address,
    "requested": requested,
    "confirmation": confirmation,
    "manage": managed,
    "all_ended": all_ended,
}


@pytest.mark.parametrize(
    ("locale", "state"),
    [
        pytest.param(locale, state, id=f"{locale}-{state}")
        for locale in ("de", "fr")
        for state in STATES
    ],
)
def test_subscription_pages_have_no_wcag_violations(page, site, locale, state):
    STATES[state](page, site, locale)
    violations = run_axe(page, f"subscriptions-{state}/{locale}")
    assert not violations, f"{page.url}\n{describe_violations(violations)}"


def test_a_bad_address_is_named_at_the_field_and_gets_the_focus(page, site):
    bad_address(page, site, "de")
    # The summary is focused and announced, its link leads to the field.
    summary = page.locator("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert summary.get_attribute("role") == "alert"
    assert "gültige E-Mail-Adresse" in summary.inner_text()
    field = page.locator(f"{FORM} [name=email]")
    press_tab(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "email"
    # The field says it is invalid and which message describes it; the text stays.
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby").split()
    messages = " ".join(page.locator(f"#{id_}").inner_text() for id_ in described_by)
    assert "gültige E-Mail-Adresse" in messages
    assert field.input_value() == "anna.muster(at)wikon"


def confirm_with_keyboard(page, site, email):
    """Open the link in the mail and press the button with the keyboard."""
    page.goto(site.url + confirm_path(email))
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_subscribing_works_with_the_keyboard(page, site):
    email = fresh_address()
    page.goto(site("de", "project"))
    # The map's skip link passes its 79 communes, as a keyboard user would.
    tab_to(page, ".commune-map__skip")
    page.keyboard.press("Enter")
    tab_to(page, f"{FORM} [name=email]")
    page.keyboard.type(email)
    # The radio group is one stop (its chosen option); the arrow keys choose.
    tab_to(page, f"{FORM} [name=frequency]:checked")
    page.keyboard.press("ArrowDown")
    assert page.locator(f"{FORM} [name=frequency][value=weekly]").is_checked()
    tab_to(page, f"{FORM} button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site.url}/de/abonnements/angefordert/"
    assert page.locator("h1").inner_text() == "Bitte bestätigen Sie Ihr Abonnement"

    # The link in the mail, then the button: confirmed, the weekly digest as chosen.
    confirm_with_keyboard(page, site, email)
    assert "bestaetigt=1" in page.url
    assert page.locator(".subscription-list__item select").input_value() == "weekly"


def test_the_management_page_works_with_the_keyboard(page, site):
    email = fresh_address()
    for kind in ("project", "news_index"):
        subscribe(page, site, "de", kind, email=email)
        confirm_with_keyboard(page, site, email)
    items = page.locator(".subscription-list__item")
    assert items.count() == 2
    labels = items.locator("h2").all_inner_texts()

    # The frequency of the first: chosen with the arrow keys, saved with Enter.
    first = ".subscription-list__item:nth-child(1)"
    assert page.locator(f"{first} select").input_value() == "immediately"
    tab_to(page, f"{first} select")
    page.keyboard.press("ArrowDown")
    assert page.locator(f"{first} select").input_value() == "weekly"
    tab_to(page, f"{first} button[value=frequency]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "geaendert=1" in page.url
    assert page.locator("main [role=status]").inner_text() == "Ihre Änderung ist gespeichert."
    assert page.locator(f"{first} select").input_value() == "weekly"
    assert items.locator("h2").all_inner_texts() == labels

    # Ending the first: the second stays.
    tab_to(page, f"{first} button[value=delete]")
    assert labels[0] in page.evaluate("document.activeElement.innerText")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert items.locator("h2").all_inner_texts() == labels[1:]
