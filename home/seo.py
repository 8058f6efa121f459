"""What search engines and social networks read about a page: description, image,
canonical URL and schema.org JSON-LD. Page types add their own JSON-LD through a
`structured_data(request)` method; everything else here works for every page."""

import json

from django.utils.html import strip_tags
from django.utils.text import Truncator

from home.models.mixins import SitePageMixin

SOCIAL_IMAGE_FILTER = "fill-1200x630"


def page_description(page):
    """The editor's search description, else the first text a reader sees."""
    for field in getattr(page, "short_text_fields", SitePageMixin.short_text_fields):
        value = getattr(page, field, "")
        if value:
            return Truncator(strip_tags(str(value)).strip()).chars(300)
    return ""


def social_image(page, request):
    """(url, alt text) of the page's lead image as a social-media rendition, or None."""
    image = getattr(page, "lead_image", None)
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_IMAGE_FILTER)
    return request.build_absolute_uri(rendition.url), image.default_alt_text


def organisation(request, site_settings, home):
    """The department as a schema.org GovernmentOrganization."""
    data = {
        "@type": "GovernmentOrganization",
        "name": site_settings.organisation,
        "url": home.full_url if home else request.build_absolute_uri("/"),
        "areaServed": {"@type": "AdministrativeArea", "name": "Kanton Luzern"},
        "parentOrganization": {"@type": "Organization", "name": "Verband Luzerner Gemeinden"},
    }
    if site_settings.email:
        data["email"] = site_settings.email
    if site_settings.phone:
        data["telephone"] = site_settings.phone
    if site_settings.address:
        data["address"] = " ".join(site_settings.address.split())
    social = [url for _label, url in site_settings.social_links]
    if social:
        data["sameAs"] = social
    return data


def json_ld(data):
    """Serialise JSON-LD for a <script> element; '<' is escaped so no text can close it."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def person(person):
    if person is None:
        return None
    data = {"@type": "Person", "name": person.name}
    if person.role:
        data["jobTitle"] = person.role
    return data
