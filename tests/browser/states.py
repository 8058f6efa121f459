"""The page states the browser tests look at: every page type, plus the states a visitor
gets into by using the site (filters applied, a form sent with errors and successfully,
search with and without results, the suggestions open, an unknown address)."""

import secrets

import pytest

from tests.browser.outbox import status_path
from tests.browser.previews import preview_path


def visit(kind):
    def go(tab, site, locale):
        tab.goto(site(locale, kind))

    return go


def apply_first_filter(kind):
    """The listing after choosing the first option of its first filter and sending."""

    def go(tab, site, locale):
        tab.goto(site(locale, kind))
        select = tab.locator(".filters select").first
        value = select.locator("option:not([value=''])").first.get_attribute("value")
        select.select_option(value)
        with tab.expect_navigation():
            tab.locator(".filters button[type=submit]").click()
        assert f"={value}" in tab.url

    return go


def follow_map_link(tab, site, locale):
    """The catalogue after following a commune's link on its map, with the keyboard: that
    commune outlined on the map."""
    tab.goto(site(locale, "projects"))
    link = tab.locator(".commune-map__svg a").nth(10)
    link.focus()
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    tab.locator(".commune-map__svg a[aria-current=true]").wait_for(state="attached")


def roadmap(tab, site, locale):
    """The catalogue's roadmap (zeitplan/), through its view switch."""
    tab.goto(site(locale, "projects"))
    with tab.expect_navigation():
        tab.locator(".view-switch li:last-child a").click()
    assert tab.url.endswith("/zeitplan/")
    tab.locator(".roadmap").wait_for()


def feedback_with_errors(tab, site, locale):
    tab.goto(site(locale, "feedback"))
    with tab.expect_navigation():
        tab.locator(".feedback-form button[type=submit]").click()
    tab.locator("#form-errors").wait_for()


def fill_feedback_form(tab, email="anna.muster@wikon.example.ch"):
    form = tab.locator(".feedback-form")
    form.locator("input[name=category]").first.check()
    form.locator("[name=subject]").fill("Gemeinsames Formular für Hundeanmeldungen")
    form.locator("[name=message]").fill("Viele Gemeinden bauen dasselbe Formular.")
    form.locator("[name=commune]").select_option(label="Wikon")
    form.locator("[name=name]").fill("Anna Muster")
    form.locator("[name=email]").fill(email)
    form.locator("[name=consent]").check()


def feedback_barrier(tab, site, locale):
    """The form as the footer's «Barriere melden» opens it: category and page filled in."""
    tab.goto(site(locale, "home"))
    with tab.expect_navigation():
        tab.locator(".site-footer__barrier").click()
    assert tab.locator("input[name=category][value=accessibility]").is_checked()


def feedback_sent(tab, site, locale):
    tab.goto(site(locale, "feedback"))
    fill_feedback_form(tab)
    with tab.expect_navigation():
        tab.locator(".feedback-form button[type=submit]").click()
    tab.locator(".reference").wait_for()


def feedback_status(tab, site, locale):
    """The status page of a submission just sent, opened from the confirmation mail."""
    email = f"anna.{secrets.token_hex(4)}@wikon.example.ch"
    tab.goto(site(locale, "feedback"))
    fill_feedback_form(tab, email)
    with tab.expect_navigation():
        tab.locator(".feedback-form button[type=submit]").click()
    tab.goto(site.url + status_path(email))
    tab.locator(".feedback-status").wait_for()


def feedback_status_mails(tab, site, locale):
    """The page that asks whether to stop the status mails."""
    feedback_status(tab, site, locale)
    with tab.expect_navigation():
        tab.locator(".feedback-status__mails a").click()
    tab.locator("main button[type=submit]").wait_for()


def search_with_results(tab, site, locale):
    # A project name that the demo content uses in every language.
    tab.goto(f"{site(locale, 'search')}?q=eUmzug")
    assert tab.locator(".search-results > li").count() > 0


def search_without_results(tab, site, locale):
    tab.goto(f"{site(locale, 'search')}?q=xqzv{secrets.token_hex(3)}")
    tab.locator(".search-empty").wait_for()


# A typo of a word of the demo content in each language (search/suggestions.py).
TYPOS = {"de": "Einwohnerprotal", "fr": "Portial", "it": "abitnati", "en": "residnets"}


def search_corrected(tab, site, locale):
    """A mistyped search: the results of its correction, with the note under the count."""
    tab.goto(f"{site(locale, 'search')}?q={TYPOS[locale]}")
    tab.locator(".search-correction a").wait_for()
    assert tab.locator(".search-results > li").count() > 0


def search_suggestions_open(tab, site, locale):
    """The header search box with its list of suggestions open."""
    tab.goto(site(locale, "home"))
    tab.locator("#site-search-input").press_sequentially("Stra", delay=50)
    tab.locator("#site-search-input-suggestions [role=option]").first.wait_for()


def commune_page(tab, site, locale):
    """A commune's page: a sub-route of the commune index, the same slug in every language."""
    response = tab.goto(site(locale, "communes") + "hochdorf/")
    assert response.status == 200


def not_found(tab, site, locale):
    response = tab.goto(f"{site.url}/{locale}/{secrets.token_hex(4)}/")
    assert response.status == 404


def shared_draft(tab, site, locale):
    """A draft opened through a preview link, with its "Entwurf" banner."""
    response = tab.goto(site.url + preview_path(locale, "ueber-uns"))
    assert response.status == 200
    tab.locator(".draft-banner").wait_for()


STATES = {
    "home": visit("home"),
    "standard": visit("standard"),
    "news_index": visit("news_index"),
    "news_index_filtered": apply_first_filter("news_index"),
    "news": visit("news"),
    "strategy_index": visit("strategy_index"),
    "strategy": visit("strategy"),
    "projects": visit("projects"),
    "projects_filtered": apply_first_filter("projects"),
    "projects_commune": follow_map_link,
    "projects_roadmap": roadmap,
    "project": visit("project"),
    "communes": visit("communes"),
    "communes_filtered": apply_first_filter("communes"),
    "commune": commune_page,
    "feedback": visit("feedback"),
    "feedback_errors": feedback_with_errors,
    "feedback_barrier": feedback_barrier,
    "feedback_sent": feedback_sent,
    "feedback_status": feedback_status,
    "feedback_status_mails": feedback_status_mails,
    "ideas": visit("ideas"),
    "ideas_filtered": apply_first_filter("ideas"),
    "accessibility_statement": visit("accessibility_statement"),
    "search_results": search_with_results,
    "search_no_results": search_without_results,
    "search_corrected": search_corrected,
    "search_suggestions": search_suggestions_open,
    "not_found": not_found,
    "shared_draft": shared_draft,
}

# The states reached by following a link alone: enough for a locale that only adds
# translated text (English); German and French get every state.
VISITS = [
    "home",
    "standard",
    "news_index",
    "news",
    "strategy_index",
    "strategy",
    "projects",
    "project",
    "communes",
    "commune",
    "feedback",
    "ideas",
    "accessibility_statement",
    "search_results",
    "not_found",
]


def cases(full, partial=(), partial_states=VISITS):
    """pytest.param(locale, state) for every state in the `full` locales and for the
    `partial_states` in the `partial` locales."""
    return [
        pytest.param(locale, state, id=f"{locale}-{state}")
        for locale in [*full, *partial]
        for state in (STATES if locale in full else partial_states)
    ]


# What test_accessibility.py checks with axe: every state in German and French, the
# states reached by a link in English, and the accessibility statement in every language
# (Italian too: the statement is published in four languages).
AXE_CASES = [
    *cases(["de", "fr"], ["en"]),
    pytest.param("it", "accessibility_statement", id="it-accessibility_statement"),
]


def axe_label(locale, state):
    return f"{state}/{locale}"
