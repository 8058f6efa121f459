"""Every page type, and the states a visitor brings it into, passes axe-core's WCAG 2.0
and 2.1 level A and AA rules in Chromium: in German and French every state, in English
the pages as reached by a link, the accessibility statement in all four languages. A run
in which all of them pass is recorded for the statement (conftest.py)."""

import pytest

from tests.browser.conftest import describe_violations, run_axe
from tests.browser.states import AXE_CASES, STATES, axe_label


@pytest.mark.parametrize(("locale", "state"), AXE_CASES)
def test_page_has_no_wcag_violations(page, site, locale, state):
    STATES[state](page, site, locale)
    violations = run_axe(page, axe_label(locale, state))
    assert not violations, f"{page.url}\n{describe_violations(violations)}"
