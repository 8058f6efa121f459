"""The site with the keyboard alone (Tab, Enter, Space, Escape, arrow keys): skip link,
main navigation, search suggestions, catalogue filters and the feedback form; the focus
is visible at every stop."""

import re

import pytest

# Where the focus is, and whether a sighted keyboard user can see it there: the element
# matches :focus-visible and has a ring (outline of at least 2px, or a box shadow).
FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: element.getAttribute("name") || "",
        text: (element.innerText || element.value || "").trim().slice(0, 60),
        focusVisible: element.matches(":focus-visible"),
        ring: ring,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0
            && box.top < window.innerHeight,
    };
}"""


def press_tab(tab):
    """Tab once; the element that gets the focus shows it and is scrolled into view."""
    tab.keyboard.press("Tab")
    focus = tab.evaluate(FOCUS)
    if focus["tag"] != "body":
        assert focus["focusVisible"] and focus["ring"], f"focus not visible on {focus}"
        assert focus["onScreen"], f"focused element off screen: {focus}"
    return focus


def tab_to(tab, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    target = tab.locator(selector).first
    for _ in range(limit):
        press_tab(tab)
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{selector} not reached with {limit} presses of Tab")


def test_skip_link_moves_focus_to_the_main_content(page, site):
    page.goto(site("de", "news"))
    focus = press_tab(page)
    assert "skip-link" in page.evaluate("document.activeElement.className")
    assert focus["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    # The next Tab continues inside the content, not in the header.
    press_tab(page)
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("kind", ["projects", "feedback"])
def test_focus_is_visible_at_every_tab_stop(page, site, kind):
    page.goto(site("de", kind))
    stops = []
    for _ in range(150):
        focus = press_tab(page)
        if focus["tag"] == "body" or (stops and focus == stops[0]):
            break  # round the page once
        stops.append(focus)
    assert len(stops) > 20
    # The honeypot of the feedback form is never a stop.
    assert not [stop for stop in stops if stop["name"] == "homepage"]


def test_main_navigation_works_with_the_keyboard(page, site):
    page.goto(site("de", "home"))
    links = page.locator(".main-nav a")
    hrefs = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert site.paths["de"]["news_index"] in hrefs
    # Tab visits the navigation in its visual order.
    tab_to(page, ".main-nav a")
    visited = [page.evaluate("document.activeElement.getAttribute('href')")]
    for _ in hrefs[1:]:
        press_tab(page)
        visited.append(page.evaluate("document.activeElement.getAttribute('href')"))
    assert visited == hrefs

    page.goto(site("de", "home"))
    tab_to(page, f'.main-nav a[href="{site.paths["de"]["news_index"]}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site("de", "news_index")
    current = page.locator('.main-nav a[aria-current="page"]')
    assert current.get_attribute("href") == site.paths["de"]["news_index"]


def test_search_suggestions_work_with_the_keyboard(page, site):
    page.goto(site("de", "home"))
    tab_to(page, "#site-search-input")
    box = page.locator("#site-search-input")
    listbox = page.locator("#site-search-input-suggestions")
    options = listbox.locator("[role=option]")
    page.keyboard.type("Stra", delay=50)
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.count() >= 2

    # Arrows move through the suggestions; the focus stays in the box.
    page.keyboard.press("ArrowDown")
    first, second = options.nth(0).get_attribute("id"), options.nth(1).get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first
    assert options.nth(0).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == second
    assert options.nth(0).get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first
    assert page.evaluate("document.activeElement.id") == "site-search-input"

    # Escape closes the list and keeps the text; a second Escape clears the box.
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "Stra"
    page.keyboard.press("Escape")
    assert box.input_value() == ""

    # Enter on a chosen suggestion opens it.
    page.keyboard.type("Stra", delay=50)
    options.first.wait_for()
    page.keyboard.press("ArrowDown")
    target = options.nth(0).get_attribute("data-url")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + target

    # Enter with no suggestion chosen searches for the text.
    tab_to(page, "#site-search-input")
    page.keyboard.type("eUmzug", delay=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(site("de", "search")) and "q=eUmzug" in page.url
    assert page.locator(".search-results > li").count() > 0


def test_catalogue_filters_work_with_the_keyboard(page, site):
    page.goto(site("de", "projects"))
    tab_to(page, "#filter-status")
    page.keyboard.press("ArrowDown")  # the first status, "Alle" is above it
    status = page.locator("#filter-status")
    value = status.input_value()
    label = status.locator(f'option[value="{value}"]').inner_text()
    expected = int(re.search(r"\((\d+)\)", label).group(1))
    tab_to(page, ".filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert f"status={value}" in page.url
    assert page.locator("#filter-status").input_value() == value
    assert page.locator(".card-list > li").count() == expected
    assert page.locator(".listing__count").inner_text().startswith(str(expected))

    tab_to(page, ".filters__actions a")  # "Alle Filter entfernen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site("de", "projects")
    assert page.locator("#filter-status").input_value() == ""


def test_feedback_form_works_with_the_keyboard(page, site):
    page.goto(site("de", "feedback"))
    # The kind of request: a radio group, chosen with the arrow keys.
    tab_to(page, "input[name=category]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.locator("input[name=category]").first.is_checked()
    tab_to(page, "[name=subject]")
    page.keyboard.type("Gemeinsames Formular für Hundeanmeldungen")
    tab_to(page, "[name=message]")
    page.keyboard.type("Viele Gemeinden bauen dasselbe Formular.")
    tab_to(page, "[name=name]")
    page.keyboard.type("Anna Muster")
    tab_to(page, "[name=commune]")
    page.keyboard.type("Wikon")
    assert page.locator("[name=commune] option:checked").inner_text() == "Wikon"
    tab_to(page, "[name=consent]")
    page.keyboard.press("Space")
    assert page.locator("[name=consent]").is_checked()
    # The e-mail address is forgotten: sent with Enter on the button.
    tab_to(page, ".feedback-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error summary has the focus; its link leads to the field.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    errors = page.locator("#form-errors a")
    assert errors.count() == 1
    press_tab(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "email"
    # What was typed before is still there.
    assert page.locator("[name=subject]").input_value().startswith("Gemeinsames Formular")
    page.keyboard.type("anna.muster@wikon.example.ch")
    tab_to(page, ".feedback-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".reference").is_visible()


def test_commune_index_filter_and_commune_links_with_the_keyboard(page, site):
    page.goto(site("de", "communes"))
    tab_to(page, "#filter-wahlkreis")
    page.keyboard.type("Hochdorf")
    assert page.locator("#filter-wahlkreis option:checked").inner_text() == "Hochdorf"
    tab_to(page, ".filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "wahlkreis=hochdorf" in page.url
    tab_to(page, ".commune-table tbody a")
    name = page.evaluate("document.activeElement.innerText")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().endswith(name)
