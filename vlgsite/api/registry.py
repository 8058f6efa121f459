"""The page types of the API, read from the page models themselves: each declares its
fields with their schema (`api_fields` of home.api.declarations.DocumentedField) and a
one-line `api_description`. No list of types is kept here."""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page, get_page_models

from home.api.declarations import DocumentedField


@dataclass(frozen=True)
class PageType:
    model: type
    label: str
    description: str
    fields: dict = field(default_factory=dict)  # {name: DocumentedField}

    @property
    def schemas(self):
        """{name: JSON Schema} of the fields, in declared order."""
        return {name: declared.schema for name, declared in self.fields.items()}

    def loads(self, requested=None):
        """(select_related, prefetch_related) lookups of the requested fields (None: all)."""
        selected, prefetched = [], []
        for name, declared in self.fields.items():
            if requested is None or name in requested:
                selected += declared.select_related
                prefetched += declared.prefetch_related
        return selected, prefetched


def page_type(model):
    """The API's view of one page model; a field without a schema is a configuration
    error (the OpenAPI description would not know it)."""
    fields = {}
    for declared in getattr(model, "api_fields", ()):
        if not isinstance(declared, DocumentedField):
            raise ImproperlyConfigured(
                f"{model._meta.label}.api_fields: '{getattr(declared, 'name', declared)}' "
                "needs a schema (home.api.declarations.DocumentedField)"
            )
        fields[declared.name] = declared
    description = getattr(model, "api_description", "A page without fields of its own.")
    return PageType(model, model._meta.label, description, fields)


def page_types():
    """{label: PageType} of every page model that declares API fields."""
    return {
        model._meta.label: page_type(model)
        for model in get_page_models()
        if getattr(model, "api_fields", None)
    }


def documented_page_types():
    """Every page model the API can show, Wagtail's plain Page first: the declared ones
    and those without fields of their own."""
    return {model._meta.label: page_type(model) for model in [Page, *get_page_models()]}
