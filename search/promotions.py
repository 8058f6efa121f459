"""What editors attach to a query (wagtail.contrib.search_promotions): promoted pages and
external links."""

from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import SearchPromotion


def promotions(query, locale, visible_pages):
    """([promoted page id], {page id: description}, [external link]) of the query: pages
    in the visitor's language (the promoted page's translation) that the visitor may see,
    and external links."""
    normalised = normalise_query_string(query)
    found = list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids, descriptions, external = [], {}, []
    for promotion in found:
        if promotion.page_id:
            page = promotion.page
            if page.locale_id != locale.pk:
                page = page.get_translation_or_none(locale)
            if page is not None and page.pk not in page_ids:
                page_ids.append(page.pk)
                descriptions[page.pk] = promotion.description
        elif promotion.external_link_url:
            external.append(
                {
                    "url": promotion.external_link_url,
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "description": promotion.description,
                }
            )
    if not page_ids:
        return [], descriptions, external
    visible = set(visible_pages.filter(pk__in=page_ids).values_list("pk", flat=True))
    return [pk for pk in page_ids if pk in visible], descriptions, external
