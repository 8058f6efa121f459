"""The API pieces every app shares: how shared objects look (representations), the
serializer fields (fields), the JSON Schema of values (schema) and the declaration of a
page type's API fields with their schema (declarations). vlgsite/api/ serves them.

The names other code uses are re-exported here."""

from home.api.declarations import DocumentedField
from home.api.fields import (
    APIValueField,
    BadSelection,
    ChoiceLabelField,
    DownloadsField,
    HtmlUrlField,
    ImageRenditionsField,
    PageReferenceField,
    PageReferenceListField,
    PersonField,
    TagNamesField,
    TopicsField,
    TranslationsField,
    prefetch_translations,
)
from home.api.representations import (
    RENDITIONS,
    document_representation,
    full_url,
    image_representation,
    page_reference,
    page_url,
    person_representation,
)

__all__ = [
    "RENDITIONS",
    "APIValueField",
    "BadSelection",
    "ChoiceLabelField",
    "DocumentedField",
    "DownloadsField",
    "HtmlUrlField",
    "ImageRenditionsField",
    "PageReferenceField",
    "PageReferenceListField",
    "PersonField",
    "TagNamesField",
    "TopicsField",
    "TranslationsField",
    "document_representation",
    "full_url",
    "image_representation",
    "page_reference",
    "page_url",
    "person_representation",
    "prefetch_translations",
]
