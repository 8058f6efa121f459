from django import template
from wagtail.models import Page

from home.helpfulness.forms import HelpfulnessForm

register = template.Library()


@register.inclusion_tag("components/helpfulness.html", takes_context=True)
def helpfulness_widget(context):
    """ "War diese Seite hilfreich?" for the page in the context: none for what is no
    Wagtail page (search, error pages), a page type that sets `asks_if_helpful = False`,
    or a preview. Needs nothing but the page's id: no query."""
    page, request = context.get("page"), context.get("request")
    if (
        not isinstance(page, Page)
        or not page.pk
        or not getattr(page, "asks_if_helpful", True)
        or getattr(request, "is_preview", False)
    ):
        return {"form": None}
    return {"form": HelpfulnessForm(initial={"page": page.pk})}
