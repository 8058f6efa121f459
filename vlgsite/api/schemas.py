"""The schemas (OpenAPI components) of what the API answers: a schema per page type from
the fields its model declares (registry.py), images, documents, listings and errors."""

from home.api.representations import RENDITIONS
from home.api.schema import (
    BOOLEAN,
    DATETIME,
    IMAGE,
    INTEGER,
    STRING,
    TRANSLATION,
    URL,
    array_of,
    nullable,
    obj,
)
from vlgsite.api.registry import documented_page_types


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


def page_schema(page_type):
    properties = {"id": INTEGER, "meta": page_meta(page_type.label), "title": STRING}
    properties.update(page_type.schemas)
    return obj(
        properties,
        description=f"{page_type.label}: {page_type.description} Listings show the fields "
        "asked for with ?fields= (default: id, meta, title); the detail view shows all of them.",
    )


def library_item_meta(download_url):
    """The meta of an image or a document: they differ only in the format of download_url."""
    return obj(
        {"type": STRING, "detail_url": URL, "tags": array_of(STRING), "download_url": download_url}
    )


def listing(item):
    return obj(
        {
            "meta": obj({"total_count": INTEGER}, required=["total_count"]),
            "items": array_of(item),
        },
        required=["meta", "items"],
    )


def components():
    types = documented_page_types()
    schemas = {
        "Error": obj({"message": STRING}, required=["message"]),
        "NestedPage": nested_page(),
        "Translation": TRANSLATION,
        "Image": IMAGE,
    }
    for label, page_type in types.items():
        schemas[schema_name(label)] = page_schema(page_type)
    schemas["Page"] = {
        "description": "A page of any type (see meta.type).",
        "anyOf": [ref(schema_name(label)) for label in types],
    }
    schemas["PageListing"] = listing(ref("Page"))
    schemas["ImageItem"] = obj(
        {
            "id": INTEGER,
            "meta": library_item_meta(download_url=STRING),
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
            "meta": library_item_meta(download_url=URL),
            "title": STRING,
            "file_extension": STRING,
            "file_size": nullable(INTEGER),
        },
        description="A document in a public collection.",
    )
    schemas["DocumentListing"] = listing(ref("DocumentItem"))
    schemas["Index"] = obj(
        {"pages": URL, "images": URL, "documents": URL, "communes": URL, "openapi": URL},
        required=["pages", "images", "documents", "communes", "openapi"],
    )
    return {"schemas": schemas}
