"""/api/v2/communes/: the communes of the canton, each with the URL of its commune page
and the catalogue's projects it takes part in (strategy/communes.py), in the language of
`?locale=` (default: German). The listing filters by Wahlkreis (`?wahlkreis=`, as the
commune index); the detail is found by BFS number or slug. A bad parameter is a 400, an
unknown commune a 404, both JSON like the rest of the API."""

import re

from django.conf import settings
from django.http import JsonResponse

from home.api.schema import INTEGER, STRING, array_of, nullable, obj
from home.cache import pages as page_cache
from home.localization import locales_by_id
from strategy.commune_links import (
    commune_for_slug,
    commune_page_urls,
    communes_in_order,
    district_slug,
    electoral_districts,
)
from strategy.communes import projects_by_commune
from strategy.models import ProjectStatus
from vlgsite.api.parameters import is_id, query
from vlgsite.api.responses import plain_api_view, public_cache

LISTING_PARAMETERS = frozenset(["wahlkreis", "locale", "_"])
DETAIL_PARAMETERS = frozenset(["locale", "_"])
SLUG = re.compile(r"[a-z0-9-]+", re.ASCII)


class BadParameter(Exception):
    pass


def error(message, status):
    return JsonResponse({"message": message}, status=status)


def requested_locale_id(request, allowed):
    unknown = set(request.GET) - allowed
    if unknown:
        raise BadParameter("query parameter is not recognised: " + ", ".join(sorted(unknown)))
    code = request.GET.get("locale", settings.LANGUAGE_CODE)
    for locale in locales_by_id().values():
        if locale.language_code == code:
            return locale.pk
    known = ", ".join(sorted(loc.language_code for loc in locales_by_id().values()))
    raise BadParameter(f"unknown locale (known: {known})")


def representation(commune, locale_id):
    projects = projects_by_commune(locale_id).get(commune.bfs_number, [])
    counts = {status: 0 for status in ProjectStatus.values}
    for _pk, status in projects:
        counts[status] += 1
    return {
        "bfs_number": commune.bfs_number,
        "name": commune.name,
        "slug": commune.slug,
        "electoral_district": commune.electoral_district,
        "url": commune_page_urls(locale_id, full=True).get(commune.bfs_number),
        "project_counts": counts,
        "project_ids": [pk for pk, _status in projects],
    }


def answer(request, data):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    public_cache(response)
    page_cache.mark_page_request(request, page_cache.AllParametersExcept(["_"]))
    return response


@plain_api_view
def commune_listing(request):
    try:
        locale_id = requested_locale_id(request, LISTING_PARAMETERS)
    except BadParameter as bad:
        return error(str(bad), 400)
    communes = communes_in_order()
    district = request.GET.get("wahlkreis")
    if district is not None:
        known = dict(electoral_districts())
        if district not in known:
            return error(f"unknown wahlkreis (known: {', '.join(known)})", 400)
        communes = [c for c in communes if district_slug(c.electoral_district) == district]
    items = [representation(commune, locale_id) for commune in communes]
    return answer(request, {"meta": {"total_count": len(items)}, "items": items})


def find_commune(key):
    if is_id(key):
        return next((c for c in communes_in_order() if c.bfs_number == int(key)), None)
    return commune_for_slug(key) if SLUG.fullmatch(key) else None


@plain_api_view
def commune_detail(request, key):
    try:
        locale_id = requested_locale_id(request, DETAIL_PARAMETERS)
    except BadParameter as bad:
        return error(str(bad), 400)
    commune = find_commune(key)
    if commune is None:
        return error("not found", 404)
    return answer(request, representation(commune, locale_id))


# The OpenAPI description (vlgsite/api/openapi.py).

COMMUNE_SCHEMA = obj(
    {
        "bfs_number": INTEGER,
        "name": STRING,
        "slug": STRING,
        "electoral_district": STRING,
        "url": nullable(STRING),
        "project_counts": obj(
            {status: INTEGER for status in ProjectStatus.values},
            description="The catalogue's projects of the language by status.",
        ),
        "project_ids": array_of(INTEGER),
    },
    required=[
        "bfs_number",
        "name",
        "slug",
        "electoral_district",
        "url",
        "project_counts",
        "project_ids",
    ],
    description="A commune of the canton of Lucerne; url: its commune page in the language "
    "asked for (null where that language has none); project_ids: the public projects of "
    "that language it takes part in.",
)


def locale_parameter():
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    return query(
        "locale",
        {"type": "string", "enum": codes},
        "Language of the commune page URL and of the projects (default: de).",
    )


def communes_paths(responses, ref):
    """The paths of the communes endpoint; `responses` and `ref` from openapi.py."""
    districts = [slug for slug, _name in electoral_districts()]
    return {
        "/api/v2/communes/": {
            "get": {
                "operationId": "listCommunes",
                "summary": "The communes of the canton with their projects.",
                "parameters": [
                    query(
                        "wahlkreis",
                        {"type": "string", "enum": districts},
                        "Only the communes of one Wahlkreis (electoral district).",
                    ),
                    locale_parameter(),
                ],
                "responses": responses(ref("CommuneListing"), "{meta: {total_count}, items}."),
            }
        },
        "/api/v2/communes/{commune}/": {
            "get": {
                "operationId": "getCommune",
                "summary": "One commune, by BFS number or slug.",
                "parameters": [
                    {
                        "name": "commune",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": r"^([0-9]+|[a-z0-9-]+)$"},
                        "description": "BFS number (e.g. 1031) or slug (e.g. hochdorf).",
                        "examples": {"bfs": {"value": "1031"}, "slug": {"value": "hochdorf"}},
                    },
                    locale_parameter(),
                ],
                "responses": responses(ref("Commune"), "The commune.", not_found=True),
            }
        },
    }


def communes_schemas(listing):
    return {
        "Commune": COMMUNE_SCHEMA,
        "CommuneListing": listing({"$ref": "#/components/schemas/Commune"}),
    }
