"""A page type declares each field of its API together with the JSON Schema of its value
and what a listing must load for it, in its `api_fields` (as Wagtail's APIField does for
the serializer alone). The API and its OpenAPI description read these declarations."""

from wagtail.api import APIField

from home.api.fields import ChoiceLabelField
from home.api.schema import CHOICE_LABEL, enum_of


class DocumentedField(APIField):
    """An API field with the schema of its value.

    `select_related`/`prefetch_related`: the lookups the field reads, loaded with the
    page (in listings only when the field is asked for)."""

    def __init__(self, name, schema, serializer=None, select_related=(), prefetch_related=()):
        super().__init__(name, serializer=serializer)
        self.schema = schema
        self.select_related = list(select_related)
        self.prefetch_related = list(prefetch_related)


def choice_fields(name, choices, description=None):
    """A choice field as two API fields: its value (an enum of the model's choices) and
    `<name>_label`, the value's label in the page's language."""
    return [
        DocumentedField(name, enum_of(choices, description)),
        DocumentedField(f"{name}_label", CHOICE_LABEL, ChoiceLabelField(name)),
    ]
