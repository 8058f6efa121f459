"""Template filters of the project pages: Swiss franc amounts."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def chf(amount):
    """Whole francs the Swiss way in every language: 1200000 → "CHF 1'200'000"."""
    if amount is None or amount == "":
        return ""
    # Digits and apostrophes only: nothing to escape (an escaped ' would show as &#x27;).
    return mark_safe("CHF " + f"{int(amount):,}".replace(",", "'"))
