"""The OpenAPI 3.0 description of /api/v2/, assembled from what the code declares: the
page types and their fields (the page models, schemas.py), the parameters (each filter
describes its own, filters.py) and the endpoints. Served at /api/v2/openapi.json;
tests/api/ hold it to the real responses (contract tests and a schemathesis run against
a live server)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.api.schema import STRING
from home.models import Topic
from vlgsite.api.communes import communes_paths, communes_schemas
from vlgsite.api.endpoints import (
    SiteDocumentsAPIViewSet,
    SiteImagesAPIViewSet,
    SitePagesAPIViewSet,
)
from vlgsite.api.parameters import MAX_ID, query
from vlgsite.api.registry import documented_page_types, page_types
from vlgsite.api.responses import plain_api_view
from vlgsite.api.schemas import components, listing, ref, schema_name

RICH_TEXT_FORMATS = ["html", "db_html", "markdown", "db_markdown"]


def common_parameters():
    return {
        "fields": query(
            "fields",
            STRING,
            "Fields to show: `title,date` adds to the defaults, `-title` removes, `*` all, "
            "`_` none; nested: `topics(slug)`, `lead_image(renditions)`, `author(name,role)`.",
            example="title,date",
        ),
        "rich_text_format": query(
            "rich_text_format",
            {"type": "string", "enum": RICH_TEXT_FORMATS},
            "Rich text as `html` (default; internal links resolved), the stored `db_html`, "
            "or Markdown.",
        ),
        "limit": query(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
            f"Items per response (default 20, at most {settings.WAGTAILAPI_LIMIT_MAX}).",
        ),
        "offset": query(
            "offset", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "Items to skip."
        ),
    }


def type_parameter(description, example=None):
    return query(
        "type",
        {"type": "string", "enum": sorted(documented_page_types())},
        description,
        example=example,
    )


def listing_parameters(endpoint, topics=None):
    """The parameters of a listing: those of its filters, then paging and fields."""
    common = common_parameters()
    parameters = []
    if endpoint is SitePagesAPIViewSet:
        parameters.append(
            type_parameter(
                "Page type (also several, comma separated). With one type, its fields can be "
                "asked for (`fields`), filtered by (`?date=…`, `?tags=…`) and sorted by.",
                example="news.NewsPage",
            )
        )
    for backend in endpoint.filter_backends:
        parameters += backend.parameters(endpoint)
    parameters += [common["fields"], common["limit"], common["offset"]]
    parameters.append(common["rich_text_format"])
    for parameter in parameters:
        if parameter["name"] == "topic" and topics:
            parameter["examples"] = {slug: {"value": slug} for slug in topics}
    return parameters


def detail_parameters(kind="pages"):
    common = common_parameters()
    parameters = [common["fields"], common["rich_text_format"]]
    if kind == "pages":
        parameters.append(type_parameter("Only find the page if it is of this type."))
    return parameters


def responses(success, description, not_found=False, extra=None):
    result = {
        "200": {"description": description, "content": json(success), "headers": CACHE_HEADERS},
        "400": {"description": "Unknown parameter or bad value.", "content": json(ref("Error"))},
    }
    if not_found:
        result["404"] = {"description": "Not found (or not public).", "content": json(ref("Error"))}
    result.update(extra or {})
    return result


def json(schema):
    return {"application/json": {"schema": schema}}


CACHE_HEADERS = {
    "ETag": {"schema": STRING, "description": "Send as If-None-Match for a 304."},
    "Last-Modified": {"schema": STRING, "description": "When the public content last changed."},
    "Cache-Control": {"schema": STRING, "description": "public, max-age=…"},
}


def path_id(description, examples=None):
    parameter = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "description": description,
    }
    if examples:
        parameter["examples"] = {name: {"value": value} for name, value in examples.items()}
    return parameter


def content_examples():
    """Ids and slugs of the current public content, as examples for clients (and for
    schemathesis, which then reaches real pages). Empty where the site has none."""
    pages = {}
    for label, page_type in page_types().items():
        pk = (
            page_type.model.objects.live()
            .public()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk:
            pages[schema_name(label)] = pk
    image = get_image_model().objects.order_by("pk").values_list("pk", flat=True).first()
    document = get_document_model().objects.order_by("pk").values_list("pk", flat=True).first()
    topics = list(
        Topic.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("slug")
        .values_list("slug", flat=True)[:3]
    )
    return {
        "pages": pages,
        "images": {"image": image} if image else {},
        "documents": {"document": document} if document else {},
        "topics": {slug: slug for slug in topics},
    }


def library_paths(endpoint, item, viewset, examples, detail_summary):
    """The listing and the detail of a media library endpoint (images, documents)."""
    return {
        f"/api/v2/{endpoint}/": {
            "get": {
                "operationId": f"list{item}s",
                "summary": f"{item}s in public collections.",
                "parameters": listing_parameters(viewset),
                "responses": responses(ref(f"{item}Listing"), "{meta: {total_count}, items}."),
            }
        },
        f"/api/v2/{endpoint}/{{id}}/": {
            "get": {
                "operationId": f"get{item}",
                "summary": detail_summary,
                "parameters": [
                    path_id(f"{item} id.", examples[endpoint]),
                    *detail_parameters(endpoint),
                ],
                "responses": responses(ref(f"{item}Item"), f"The {item.lower()}.", not_found=True),
            }
        },
    }


def paths():
    examples = content_examples()
    common = common_parameters()
    return {
        "/api/v2/": {
            "get": {
                "operationId": "index",
                "summary": "The endpoints of the API.",
                "responses": responses(ref("Index"), "Links to the endpoints."),
            }
        },
        "/api/v2/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description.",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.0 document.",
                        "content": json({"type": "object"}),
                    }
                },
            }
        },
        "/api/v2/pages/": {
            "get": {
                "operationId": "listPages",
                "summary": "Public pages of all languages, filtered, searched and sorted.",
                "parameters": listing_parameters(SitePagesAPIViewSet, examples["topics"]),
                "responses": responses(ref("PageListing"), "{meta: {total_count}, items}."),
            }
        },
        "/api/v2/pages/{id}/": {
            "get": {
                "operationId": "getPage",
                "summary": "One public page with all its fields.",
                "parameters": [path_id("Page id.", examples["pages"]), *detail_parameters()],
                "responses": responses(ref("Page"), "The page.", not_found=True),
            }
        },
        "/api/v2/pages/find/": {
            "get": {
                "operationId": "findPage",
                "summary": "The page behind a path of the site (routing for headless front ends).",
                "parameters": [
                    query(
                        "html_path",
                        STRING,
                        "Path of a page on the site, with its language prefix.",
                        example="/fr/",
                    ),
                    query("id", {"type": "string", "pattern": r"^[0-9]+$"}, "Page id."),
                    *detail_parameters(),
                ],
                "responses": responses(
                    ref("Page"),
                    "The page (after the redirect).",
                    not_found=True,
                    extra={
                        "302": {
                            "description": "Redirect to the page's detail URL.",
                            "headers": {"Location": {"schema": STRING}},
                        }
                    },
                ),
            }
        },
        **library_paths(
            "images", "Image", SiteImagesAPIViewSet, examples, "One image with its renditions."
        ),
        **library_paths(
            "documents", "Document", SiteDocumentsAPIViewSet, examples, "One document."
        ),
        **communes_paths(responses, ref),
        "/api/v2/preview/": {
            "get": {
                "operationId": "previewPage",
                "summary": "A draft being previewed in the headless client (never cached).",
                "description": "The page editor sends the headless client (HEADLESS_PREVIEW_URL) "
                "to `?content_type=…&token=…`; the client passes both on. Tokens are signed "
                "and short-lived. 404 when previews are not configured or the token is "
                "unknown or expired.",
                "parameters": [
                    query("content_type", STRING, "Page type as app_label.model.", "news.newspage"),
                    query("token", STRING, "The signed preview token."),
                    common["fields"],
                    common["rich_text_format"],
                ],
                "responses": {
                    "200": {"description": "The draft.", "content": json(ref("Page"))},
                    "400": {
                        "description": "Missing or bad parameter.",
                        "content": json(ref("Error")),
                    },
                    "404": {"description": "No such preview.", "content": json(ref("Error"))},
                },
            }
        },
    }


def build():
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Prozesse und Informatik – VLG: content API",
            "version": "2",
            "description": "Wagtail API v2 of the VLG department Prozesse und Informatik: "
            "news, strategy documents and the project catalogue in German, French, Italian "
            "and English. Read-only and public; see docs/api.md.",
        },
        "paths": paths(),
        "components": {"schemas": {**components()["schemas"], **communes_schemas(listing)}},
    }


@plain_api_view
def openapi_view(request):
    response = JsonResponse(build(), json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    return response
