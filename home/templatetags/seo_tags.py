from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page

from home.models import SiteSettings
from home.seo import json_ld, organisation, page_description, social_image

from .site_tags import current_home, subpage

register = template.Library()


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context):
    request = context["request"]
    page = context.get("page")
    site_settings = SiteSettings.for_request(request)
    home = current_home(request)
    meta = {
        "request": request,
        "page": page,
        "site_name": site_settings.organisation,
        "language_code": translation.get_language(),
    }
    structured = [organisation(request, site_settings, home)]
    if isinstance(page, Page):
        # A sub-route's own page (site_tags.subpage) is its own canonical address.
        meta["canonical"] = page.get_full_url(request) + subpage(context).get("suffix", "")
        meta["title"] = page.seo_title or page.title
        meta["description"] = page_description(page)
        meta["image"] = social_image(page, request)
        meta["og_type"] = "article" if hasattr(page, "date") else "website"
        if hasattr(page, "structured_data"):
            structured.append(page.structured_data(request))
    meta["json_ld"] = [mark_safe(json_ld(item)) for item in structured]  # noqa: S308 - escaped
    return meta
