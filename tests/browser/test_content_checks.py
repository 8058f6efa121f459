"""The editors' content check for vague link texts, run by axe in Chromium the way
Wagtail's userbar runs it: the check's source text is compiled by axe in the page."""

from home.content_checks import VAGUE_LINK_CHECK, VAGUE_LINK_RULE, SiteContentChecker
from tests.browser.conftest import AXE_SOURCE

LINKS = """
<p id="vague-links">
    Den Bericht finden Sie <a id="here" href="/bericht.pdf">hier</a>.
    <a id="more" href="/aktuelles/">Mehr&nbsp;→</a>
    <a id="labelled" href="/bericht.pdf" aria-label="Jahresbericht 2025 (PDF)">hier</a>
    <a id="clear" href="/bericht.pdf">Jahresbericht 2025 (PDF)</a>
    <a id="french" href="/fr/">Cliquez ici</a>
</p>
"""


def test_vague_link_texts_are_reported_to_editors(page, site):
    spec = SiteContentChecker().get_axe_spec(request=None)
    rule = next(rule for rule in spec["rules"] if rule["id"] == VAGUE_LINK_RULE)
    check = next(check for check in spec["checks"] if check["id"] == VAGUE_LINK_CHECK)

    page.goto(site("de", "news"))
    page.evaluate(AXE_SOURCE)
    page.evaluate("spec => axe.configure(spec)", {"rules": [rule], "checks": [check]})

    def flagged():
        results = page.evaluate("rule => axe.run(document, {runOnly: [rule]})", VAGUE_LINK_RULE)
        nodes = [node for violation in results["violations"] for node in violation["nodes"]]
        return sorted(node["target"][0] for node in nodes)

    # The demo content and the site's own links name their targets.
    assert flagged() == []
    page.locator("main").evaluate(
        "(main, html) => main.insertAdjacentHTML('beforeend', html)", LINKS
    )
    assert flagged() == ["#french", "#here", "#more"]
