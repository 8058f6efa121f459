"""Browser tests: Debian's Chromium driven by Playwright against the live server with the
demo content (tests/live_server.py). One browser per run; each test gets a fresh tab.

Chromium must be installed (`apt-get install -y chromium`; .ci/run does it); when it does
not start, the tests fail. Playwright's own browser downloads are never used."""

import datetime
import json
import shutil
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from home.accessibility import AXE_TAGS, write_record
from tests.browser.states import AXE_CASES, axe_label
from tests.live_server import PROJECT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
LOCALES = ["de", "fr", "it", "en"]
# Where the screenshots go; CI prints the list at the end of the run.
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"

# axe-core as shipped by the PyPI package axe-playwright-python (MPL-2.0, see
# AXE_VERSION); injected into the pages under test, nothing is downloaded.
AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text()
AXE_VERSION = AXE_SOURCE.split("axe v", 1)[1].split()[0]
# The tags the accessibility statement lists (home/accessibility.py).
WCAG_TAGS = list(AXE_TAGS)

# Filled by the tests, printed in the terminal summary.
REPORT = {"screenshots": [], "axe_pages": [], "axe_rules": set()}

# The page types under test: (API type, German slug or None for the only page of the type).
PAGE_TYPES = {
    "home": ("home.HomePage", None),
    "standard": ("home.StandardPage", "ueber-uns"),
    "news_index": ("news.NewsIndexPage", None),
    "news": ("news.NewsPage", "ein-jahr-my-lu-ch"),
    "strategy_index": ("strategy.StrategyIndexPage", None),
    "strategy": ("strategy.StrategyPage", "digitalstrategie-luzern"),
    "projects": ("strategy.ProjectIndexPage", None),
    "project": ("strategy.ProjectPage", "einwohnerportal-my-lu-ch"),
    "communes": ("strategy.CommuneIndexPage", None),
    "feedback": ("home.FeedbackPage", None),
    "ideas": ("home.IdeasPage", None),
    "accessibility_statement": ("home.AccessibilityStatementPage", None),
}


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Site:
    """The live site: its base URL and the paths of the pages under test per locale."""

    def __init__(self, url):
        self.url = url
        self.paths = {locale: {} for locale in LOCALES}
        for kind, (page_type, slug) in PAGE_TYPES.items():
            query = f"type={page_type}&locale=de"
            if slug:
                query += f"&slug={slug}"
            with urlopen(f"{url}/api/v2/pages/?{query}", timeout=30) as response:
                items = json.load(response)["items"]
            assert items, f"the demo content has no {page_type} {slug or ''}"
            page = items[0]
            self.paths["de"][kind] = _path(page["meta"]["html_url"])
            for translation_ in page["meta"]["translations"]:
                if translation_["locale"] in self.paths:
                    self.paths[translation_["locale"]][kind] = _path(translation_["url"])
        for locale in LOCALES:
            missing = set(PAGE_TYPES) - set(self.paths[locale])
            assert not missing, f"no {locale} translation of {missing}"
            with translation.override(locale):
                self.paths[locale]["search"] = reverse("search")

    def __call__(self, locale, kind):
        return self.url + self.paths[locale][kind]


@pytest.fixture(scope="package")
def site(live_site):
    return Site(live_site)


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    # Only this run's screenshots in the folder.
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except PlaywrightError as error:
        playwright.stop()
        pytest.fail(f"Chromium ({CHROMIUM}) did not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh tab (own cookies) at desktop width."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def run_axe(tab, label):
    """Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page, the experimental ones
    among them too (axe leaves those out by default); returns the violations."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.evaluate(AXE_SOURCE)
    results = tab.evaluate(
        """tags => {
            const experimental = tags.flatMap(tag => axe.getRules([tag]))
                .filter(rule => rule.tags.includes("experimental"));
            const rules = Object.fromEntries(
                experimental.map(rule => [rule.ruleId, {enabled: true}]));
            return axe.run(document, {
                runOnly: {type: "tag", values: tags}, rules, resultTypes: ["violations"],
            });
        }""",
        WCAG_TAGS,
    )
    ran = {
        rule["id"]
        for kind in ("passes", "violations", "incomplete", "inapplicable")
        for rule in results[kind]
    }
    REPORT["axe_rules"] |= ran
    REPORT["axe_pages"].append(label)
    return results["violations"]


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)


def screenshot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=path, full_page=True)
    REPORT["screenshots"].append(path)
    return path


def pytest_sessionfinish(session, exitstatus):
    """A run in which nothing failed and every case of test_accessibility.py was checked
    is the accessibility statement's "last check": its date, the axe version and the
    number of page states go to home/data/accessibility_checks.json (commit it)."""
    checked = set(REPORT["axe_pages"])
    required = {axe_label(*case.values) for case in AXE_CASES}
    if exitstatus != 0 or not required <= checked:
        return
    locales = {case.values[0] for case in AXE_CASES}
    languages = [code for code, _name in settings.LANGUAGES if code in locales]
    write_record(datetime.date.today(), AXE_VERSION, len(checked), languages)


def pytest_terminal_summary(terminalreporter):
    if REPORT["axe_pages"]:
        terminalreporter.write_sep("-", "accessibility (axe-core)")
        terminalreporter.write_line(
            f"axe-core {AXE_VERSION}: {len(REPORT['axe_rules'])} rules "
            f"({', '.join(WCAG_TAGS)}) on {len(REPORT['axe_pages'])} page states "
            "(experimental rules included): " + ", ".join(REPORT["axe_pages"])
        )
    if REPORT["screenshots"]:
        terminalreporter.write_sep("-", f"screenshots in {SCREENSHOTS.relative_to(PROJECT)}/")
        for path in REPORT["screenshots"]:
            terminalreporter.write_line(f"screenshot: {path.relative_to(PROJECT)}")
