"""Wagtail's content checks (the userbar's "Checks" and the editor's checks panel run axe
on the page) with one more rule for editors: links whose text says nothing about where
they lead ("hier", "mehr", "weiterlesen", "click here", "ici", "qui").

Screen reader users often jump from link to link or list all links of a page; a list of
"hier, hier, mehr" tells them nothing (WCAG 2.4.4, Link Purpose). The rule runs in the
editor's browser as part of Wagtail's axe run; it is registered in home/wagtail_hooks.py.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.userbar import ContentCheckerItem

VAGUE_LINK_RULE = "vlg-vague-link-text"
VAGUE_LINK_CHECK = "vlg-check-vague-link-text"

# Link texts that name no target, in the site's languages. Compared with the link's
# accessible name in lower case, punctuation and arrows removed ("Mehr →" is "mehr").
VAGUE_LINK_TEXTS = sorted(
    {
        # German
        "hier",
        "hier klicken",
        "klicken sie hier",
        "hier weiterlesen",
        "mehr",
        "mehr dazu",
        "mehr erfahren",
        "mehr informationen",
        "mehr infos",
        "mehr lesen",
        "weiter",
        "weiterlesen",
        "link",
        "dieser link",
        # French
        "ici",
        "cliquez ici",
        "cliquer ici",
        "plus",
        "en savoir plus",
        "lire la suite",
        "la suite",
        "suite",
        "lien",
        "ce lien",
        # Italian
        "qui",
        "clicca qui",
        "cliccare qui",
        "di più",
        "scopri di più",
        "leggi di più",
        "continua",
        "continua a leggere",
        "altro",
        "questo link",
        # English
        "here",
        "click here",
        "more",
        "read more",
        "learn more",
        "more info",
        "continue reading",
        "this link",
    }
)

# The check runs in the browser: axe compiles a function given as source text. The link
# passes when its accessible name (text, aria-label, alt of an image inside) is not one
# of the vague texts.
VAGUE_LINK_EVALUATE = """function (node, options, virtualNode) {
    var name = window.axe && virtualNode
        ? window.axe.commons.text.accessibleTextVirtual(virtualNode)
        : node.textContent;
    var words = (name || "").toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, " ").trim();
    return options.texts.indexOf(words) === -1;
}"""


class SiteContentChecker(ContentCheckerItem):
    """Wagtail's content checks plus the vague-link-text rule, with German messages."""

    axe_run_only = [*ContentCheckerItem.axe_run_only, VAGUE_LINK_RULE]
    axe_custom_rules = [
        *ContentCheckerItem.axe_custom_rules,
        {
            "id": VAGUE_LINK_RULE,
            "impact": "serious",
            "selector": "a[href]",
            "tags": ["best-practice", "cat.name-role-value"],
            "any": [VAGUE_LINK_CHECK],
            "enabled": True,
        },
    ]
    axe_custom_checks = [
        *ContentCheckerItem.axe_custom_checks,
        {
            "id": VAGUE_LINK_CHECK,
            "evaluate": VAGUE_LINK_EVALUATE,
            "options": {"texts": VAGUE_LINK_TEXTS},
        },
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        VAGUE_LINK_RULE: {
            "error_name": _("Linktext sagt nicht, wohin der Link führt"),
            "help_text": _(
                "Schreiben Sie das Ziel in den Linktext, zum Beispiel «Jahresbericht 2025 "
                "(PDF)» statt «hier» oder «mehr»."
            ),
        },
    }


def use_site_content_checker(items):
    """Replace Wagtail's content checker in a list of userbar items by ours (keeping
    whether it runs in the page editor)."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentChecker):
            items[index] = SiteContentChecker(in_editor=item.in_editor)
