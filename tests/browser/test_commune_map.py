"""The canton map in Chromium: its commune links work with the keyboard, it fits a phone
screen and it prints."""

import pytest

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_keyboard import press_tab

MAP_LINK = ".commune-map__svg a"
# The focused element: a link of the map? Its name, where it goes, and what it looks like.
FOCUSED_MAP_LINK = """() => {
    const link = document.activeElement;
    if (!link.closest(".commune-map__svg")) return null;
    const shape = getComputedStyle(link.querySelector("path"));
    return {
        label: link.getAttribute("aria-label"),
        href: link.getAttribute("href"),
        fill: shape.fill,
        strokeWidth: shape.strokeWidth,
    };
}"""


def tab_into_map(tab, limit=300):
    for _ in range(limit):
        press_tab(tab)  # every stop shows its focus, also those of the map
        focused = tab.evaluate(FOCUSED_MAP_LINK)
        if focused:
            return focused
    pytest.fail(f"no link of the map reached with {limit} presses of Tab")


@pytest.mark.parametrize("kind", ["project", "projects"])
def test_a_commune_link_is_reached_and_followed_with_the_keyboard(page, site, kind):
    page.goto(site("de", kind))
    first = tab_into_map(page)
    labels = page.locator(MAP_LINK).evaluate_all("links => links.map(a => a.ariaLabel)")
    assert first["label"] == labels[0]  # the first commune by name, then the others
    # Focused: yellow fill and a thick edge instead of the pattern.
    assert first["fill"] == "rgb(255, 230, 128)" and first["strokeWidth"] == "3px"
    second = tab_into_map(page)
    assert second["label"] == labels[1]

    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + first["href"]
    # The commune's page (from a project) or the catalogue for that commune: either
    # map outlines the commune.
    name = first["label"].split(":")[0]
    current = page.locator(f"{MAP_LINK}[aria-current=true]")
    assert current.count() == 1 and current.get_attribute("aria-label").split(":")[0] == name


@pytest.mark.parametrize("kind", ["project", "projects"])
def test_the_map_fits_a_phone_screen(page, site, kind):
    page.set_viewport_size(PHONE)
    page.goto(site("de", kind))
    figure = page.locator(".commune-map")
    figure.scroll_into_view_if_needed()
    screenshot(page, f"commune-map-{kind}-375")
    width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client_width, f"{page.url} scrolls sideways at 375 px"
    box = page.locator(".commune-map__svg").bounding_box()
    assert 250 < box["width"] <= PHONE["width"]
    assert box["height"] == pytest.approx(box["width"] * 665 / 600, rel=0.02)  # scaled, not cut
    # The table folded under the map opens and fits too.
    page.locator(".commune-map__details summary").click()
    assert page.locator(".commune-map__table tbody tr").count() == 79
    width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client_width


def test_the_map_prints_with_its_patterns(page, site):
    page.goto(site("de", "project"))
    page.emulate_media(media="print")
    assert page.locator(".commune-map__svg").is_visible()
    assert page.locator(".commune-map__legend").is_visible()
    assert page.locator(".commune-map__details").is_hidden()
    fill = page.locator(f"{MAP_LINK} path").first.evaluate("p => getComputedStyle(p).fill")
    assert fill.startswith("url(")  # the pattern, not a colour the printer may leave out
    screenshot(page, "print-commune-map-de")
