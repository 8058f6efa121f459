from django import template

from home.feedback.ideas import ideas_taken_up_in

register = template.Library()


@register.inclusion_tag("components/ideas_taken_up.html", takes_context=True)
def ideas_taken_up(context):
    """The published ideas that went into the page of the context (a project, a news)."""
    page = context["page"]
    ideas_url, ideas = ideas_taken_up_in(page.locale_id, page.translation_key)
    return {"ideas_url": ideas_url, "ideas": ideas}
