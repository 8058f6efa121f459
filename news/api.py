"""The news page types in the API: their fields' JSON Schema (serializers: home/api.py)."""

from home.api import (
    DATE,
    IMAGE,
    PAGE_REFERENCE,
    PERSON,
    STREAM,
    STRING,
    TOPIC,
    array_of,
    nullable,
)


def page_types():
    return {
        "news.NewsIndexPage": {
            "description": "The news section (Aktuelles).",
            "fields": {"intro": STRING},
        },
        "news.NewsPage": {
            "description": "A dated news item.",
            # What each field needs loaded with the listing (only when it is asked for).
            "select_related": {"lead_image": ["lead_image"], "author": ["author"]},
            "prefetch_related": {
                "topics": ["topics"],
                "tags": ["tagged_items__tag"],
                "lead_image": ["lead_image__renditions"],
                "related_projects": ["related_projects"],
            },
            "fields": {
                "date": DATE,
                "teaser": STRING,
                "lead_image": nullable(IMAGE),
                "body": STREAM,
                "topics": array_of(TOPIC),
                "tags": array_of(STRING),
                "author": nullable(PERSON),
                "related_projects": array_of(PAGE_REFERENCE),
            },
        },
    }
