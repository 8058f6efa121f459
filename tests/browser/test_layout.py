"""Each page type on a phone (375 px) and a desktop (1280 px): screenshots for review and
no sideways scrolling on the phone. News, strategy and project pages print without the
site's navigation."""

import pytest

from tests.browser.conftest import PHONE, screenshot
from tests.browser.states import STATES, cases


@pytest.mark.parametrize(("locale", "state"), cases(["de"], ["fr"]))
def test_page_fits_a_phone_screen(page, site, locale, state):
    STATES[state](page, site, locale)
    screenshot(page, f"{state}-{locale}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{state}-{locale}-375")
    width, client_width, widest = page.evaluate(
        """() => {
            const root = document.documentElement;
            // The element that sticks out furthest, to name it when the page is too wide.
            let widest = "";
            for (const element of document.body.querySelectorAll("*")) {
                if (element.getBoundingClientRect().right > root.clientWidth + 1) {
                    widest = element.tagName.toLowerCase() + "." + element.className;
                    break;
                }
            }
            return [root.scrollWidth, root.clientWidth, widest];
        }"""
    )
    assert width <= client_width, f"{page.url} scrolls sideways at 375 px: {widest}"


@pytest.mark.parametrize("kind", ["news", "strategy", "project"])
def test_page_prints_without_navigation(page, site, kind):
    page.goto(site("de", kind))
    stylesheet = page.locator('link[rel=stylesheet][media=print][href$="print.css"]')
    assert stylesheet.count() == 1
    response = page.request.get(site.url + stylesheet.get_attribute("href"))
    assert response.ok and "display: none" in response.text()

    page.emulate_media(media="print")
    for chrome in (".skip-link", ".main-nav", ".site-search", ".language-switcher"):
        assert page.locator(chrome).first.is_hidden(), f"{chrome} is printed"
    assert page.locator(".site-footer__nav").is_hidden()
    heading = page.locator("main h1")
    assert heading.is_visible()
    # Black on white on paper.
    assert heading.evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"
    screenshot(page, f"print-{kind}-de")
