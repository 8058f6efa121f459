"""The content checks that Wagtail runs for editors (userbar and the page editor's checks
panel) flag vague link texts, with German messages."""

import json
import re

import pytest

from home.content_checks import VAGUE_LINK_CHECK, VAGUE_LINK_RULE

CONFIGURATION = re.compile(
    r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', re.S
)


def axe_configuration(html):
    match = CONFIGURATION.search(html)
    assert match, "no content checker configuration in the page"
    return json.loads(match.group(1))


def assert_flags_vague_links(configuration):
    rules = {rule["id"]: rule for rule in configuration["spec"]["rules"]}
    checks = {check["id"]: check for check in configuration["spec"]["checks"]}
    assert VAGUE_LINK_RULE in configuration["options"]["runOnly"]
    assert rules[VAGUE_LINK_RULE]["enabled"] is True
    assert rules[VAGUE_LINK_RULE]["any"] == [VAGUE_LINK_CHECK]
    assert rules[VAGUE_LINK_RULE]["selector"] == "a[href]"
    # axe compiles the check from its source text in the editor's browser.
    assert checks[VAGUE_LINK_CHECK]["evaluate"].startswith("function")
    texts = checks[VAGUE_LINK_CHECK]["options"]["texts"]
    for text in ("hier", "mehr", "weiterlesen", "click here", "ici", "qui"):
        assert text in texts
    # Wagtail's own checks stay.
    assert {"alt-text-quality", "heading-order", "link-name"} <= set(
        configuration["options"]["runOnly"]
    )
    assert configuration["messages"][VAGUE_LINK_RULE]["error_name"] == (
        "Linktext sagt nicht, wohin der Link führt"
    )


@pytest.mark.django_db
def test_userbar_checks_flag_vague_link_texts(admin_client, home_page):
    response = admin_client.get(home_page.url)
    assert response.status_code == 200
    assert_flags_vague_links(axe_configuration(response.content.decode()))


@pytest.mark.django_db
def test_page_editor_checks_panel_flags_vague_link_texts(admin_client, home_page):
    response = admin_client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code == 200
    assert_flags_vague_links(axe_configuration(response.content.decode()))


@pytest.mark.django_db
def test_visitors_get_no_content_checks(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert "checker-axe-configuration" not in html
