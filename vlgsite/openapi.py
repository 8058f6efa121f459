"""The OpenAPI 3.0 description of /api/v2/, assembled from what the code declares: the
page types and their fields (each app's api.py), the parameters and endpoints
(vlgsite/api.py). Served at /api/v2/openapi.json; tests/api/ hold it to the real
responses (contract tests and a schemathesis run against a live server)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from wagtail.models import Page, get_page_models

from home.api import (
    BOOLEAN,
    IMAGE,
    INTEGER,
    RENDITIONS,
    STRING,
    TRANSLATION,
    URL,
    array_of,
    nullable,
    obj,
)
from strategy.api import PROJECT_STATUSES, STRATEGY_STATUSES
from vlgsite.api import plain_api_view

DATETIME = {"type": "string", "format": "date-time"}
RICH_TEXT_FORMATS = ["html", "db_html", "markdown", "db_markdown"]
MAX_ID = 2**63 - 1


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def schema_name(label):
    return label.replace(".", "_")


def nested_page():
    return obj(
        {
            "id": INTEGER,
            "meta": obj({"type": STRING, "detail_url": URL, "html_url": nullable(URL)}),
            "title": STRING,
        },
        description="A page nested in another (parent, alias_of).",
    )


def page_meta(label):
    return obj(
        {
            "type": {"type": "string", "enum": [label]},
            "detail_url": URL,
            "html_url": nullable(URL),
            "slug": STRING,
            "show_in_menus": BOOLEAN,
            "seo_title": STRING,
            "search_description": STRING,
            "first_published_at": nullable(DATETIME),
            "last_published_at": nullable(DATETIME),
            "alias_of": nullable(ref("NestedPage")),
            "parent": nullable(ref("NestedPage")),
            "locale": {"type": "string", "description": "Language code: de, fr, it, en."},
            "translations": array_of(ref("Translation")),
        },
        description="Page metadata. `parent` only in the detail view.",
    )


def page_types():
    """Every page model: its declared fields, or none (wagtailcore.Page)."""
    from vlgsite.api import page_type_registry

    declared = page_type_registry()
    types = {}
    for model in [Page, *get_page_models()]:
        label = model._meta.label
        types[label] = declared.get(
            label, {"description": "A page without fields of its own.", "fields": {}}
        )
    return types


def page_schema(label, declaration):
    properties = {"id": INTEGER, "meta": page_meta(label), "title": STRING}
    properties.update(declaration["fields"])
    return obj(
        properties,
        description=f"{label}: {declaration['description']} Listings show the fields asked "
        "for with ?fields= (default: id, meta, title); the detail view shows all of them.",
    )


def components():
    types = page_types()
    schemas = {
        "Error": obj({"message": STRING}, required=["message"]),
        "NestedPage": nested_page(),
        "Translation": TRANSLATION,
        "Image": IMAGE,
    }
    for label, declaration in types.items():
        schemas[schema_name(label)] = page_schema(label, declaration)
    schemas["Page"] = {
        "description": "A page of any type (see meta.type).",
        "anyOf": [ref(schema_name(label)) for label in types],
    }
    schemas["PageListing"] = listing(ref("Page"))
    schemas["ImageItem"] = obj(
        {
            "id": INTEGER,
            "meta": obj(
                {
                    "type": STRING,
                    "detail_url": URL,
                    "tags": array_of(STRING),
                    "download_url": STRING,
                }
            ),
            "title": STRING,
            "width": INTEGER,
            "height": INTEGER,
            "alt": STRING,
            "renditions": IMAGE["properties"]["renditions"],
        },
        description="An image of the media library (renditions: " + ", ".join(RENDITIONS) + ").",
    )
    schemas["ImageListing"] = listing(ref("ImageItem"))
    schemas["DocumentItem"] = obj(
        {
            "id": INTEGER,
            "meta": obj(
                {
                    "type": STRING,
                    "detail_url": URL,
                    "tags": array_of(STRING),
                    "download_url": URL,
                }
            ),
            "title": STRING,
            "file_extension": STRING,
            "file_size": nullable(INTEGER),
        },
        description="A document in a public collection.",
    )
    schemas["DocumentListing"] = listing(ref("DocumentItem"))
    schemas["Index"] = obj(
        {"pages": URL, "images": URL, "documents": URL, "openapi": URL},
        required=["pages", "images", "documents", "openapi"],
    )
    return {"schemas": schemas}


def listing(item):
    return obj(
        {
            "meta": obj({"total_count": INTEGER}, required=["total_count"]),
            "items": array_of(item),
        },
        required=["meta", "items"],
    )


def query(name, schema, description, example=None):
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }
    if example is not None:
        parameter["example"] = example
    return parameter


def id_parameter(name, description, root=False):
    pattern = r"^([0-9]+|root)$" if root else r"^[0-9]+$"
    return query(name, {"type": "string", "pattern": pattern}, description)


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
        "search": query(
            "search",
            STRING,
            "Full-text search (all words; German stemming; the language of `locale`). "
            "Ordered by relevance unless `order` is given.",
            example="eUmzug",
        ),
    }


def order_parameter(example):
    return query(
        "order",
        STRING,
        "Sort by one or more fields of the type asked for, `-` for descending, or `random`.",
        example=example,
    )


def page_listing_parameters(topics=None):
    types = sorted(page_types())
    common = common_parameters()
    topic = query("topic", STRING, "Topic slug: news and projects tagged with it.")
    if topics:
        topic["examples"] = {slug: {"value": slug} for slug in topics}
    return [
        query(
            "type",
            {"type": "string", "enum": types},
            "Page type (also several, comma separated). With one type, its fields can be "
            "asked for (`fields`), filtered by (`?date=…`, `?tags=…`) and sorted by.",
            example="news.NewsPage",
        ),
        query(
            "locale",
            {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]},
            "Only pages of this language.",
            example="fr",
        ),
        topic,
        query(
            "status",
            {"type": "string", "enum": sorted(set(PROJECT_STATUSES) | set(STRATEGY_STATUSES))},
            "Project status (`" + "`, `".join(PROJECT_STATUSES) + "`); with "
            "`type=strategy.StrategyPage` the strategy status (`"
            + "`, `".join(STRATEGY_STATUSES)
            + "`).",
            example="in_progress",
        ),
        query(
            "date_from",
            {"type": "string", "format": "date"},
            "News from this date on (YYYY-MM-DD).",
        ),
        query("date_to", {"type": "string", "format": "date"}, "News up to this date."),
        common["search"],
        order_parameter("-date"),
        common["fields"],
        common["limit"],
        common["offset"],
        id_parameter("child_of", "Children of a page (id or `root`).", root=True),
        id_parameter("descendant_of", "Descendants of a page (id or `root`).", root=True),
        id_parameter("ancestor_of", "Ancestors of a page."),
        id_parameter("translation_of", "Translations of a page (not itself).", root=True),
        common["rich_text_format"],
        query("slug", STRING, "Field filter: pages with this slug."),
        query("tags", STRING, "Field filter of `type=news.NewsPage`: tag names, comma separated."),
    ]


def detail_parameters(kind="pages"):
    common = common_parameters()
    parameters = [common["fields"], common["rich_text_format"]]
    if kind == "pages":
        parameters.append(
            query(
                "type",
                {"type": "string", "enum": sorted(page_types())},
                "Only find the page if it is of this type.",
            )
        )
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
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from home.models import HomePage, Topic
    from news.models import NewsPage
    from strategy.models import ProjectPage, StrategyPage

    pages = {}
    for name, model, order in (
        ("home", HomePage, "pk"),
        ("news", NewsPage, "-date"),
        ("project", ProjectPage, "title"),
        ("strategy", StrategyPage, "-valid_from"),
    ):
        pk = (
            model.objects.live()
            .public()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by(order)
            .values_list("pk", flat=True)
            .first()
        )
        if pk:
            pages[name] = pk
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


def paths():
    examples = content_examples()
    common = common_parameters()
    collection = [
        common["search"],
        order_parameter("title"),
        common["fields"],
        common["limit"],
        common["offset"],
        common["rich_text_format"],
    ]
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
                "parameters": page_listing_parameters(examples["topics"]),
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
        "/api/v2/images/": {
            "get": {
                "operationId": "listImages",
                "summary": "Images in public collections.",
                "parameters": collection,
                "responses": responses(ref("ImageListing"), "{meta: {total_count}, items}."),
            }
        },
        "/api/v2/images/{id}/": {
            "get": {
                "operationId": "getImage",
                "summary": "One image with its renditions.",
                "parameters": [
                    path_id("Image id.", examples["images"]),
                    *detail_parameters("images"),
                ],
                "responses": responses(ref("ImageItem"), "The image.", not_found=True),
            }
        },
        "/api/v2/documents/": {
            "get": {
                "operationId": "listDocuments",
                "summary": "Documents in public collections.",
                "parameters": collection,
                "responses": responses(ref("DocumentListing"), "{meta: {total_count}, items}."),
            }
        },
        "/api/v2/documents/{id}/": {
            "get": {
                "operationId": "getDocument",
                "summary": "One document.",
                "parameters": [
                    path_id("Document id.", examples["documents"]),
                    *detail_parameters("documents"),
                ],
                "responses": responses(ref("DocumentItem"), "The document.", not_found=True),
            }
        },
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
        "components": components(),
    }


@plain_api_view
def openapi_view(request):
    response = JsonResponse(build(), json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    return response
