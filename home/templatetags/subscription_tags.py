from django import template

from home.subscriptions.forms import SubscribeForm
from home.subscriptions.targets import offered_target

register = template.Library()


@register.inclusion_tag("components/subscribe_form.html", takes_context=True)
def subscribe_form(context):
    """The page's subscribe form for what it shows (its query string included), or
    nothing when the page offers no subscription."""
    page, request = context.get("page"), context.get("request")
    target = offered_target(page, request.GET) if page and request else None
    if target is None:
        return {"target": None}
    form = SubscribeForm(initial={"page": page.pk, "query": query_of(target)})
    return {"target": target, "form": form}


def query_of(target):
    return target.url.partition("?")[2]
