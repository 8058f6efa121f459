"""The filters of the API's listings. Each one checks the query parameters it reads (a bad
value is a 400 with a message, never a database error) and describes them for the OpenAPI
description (`parameters()`), so a new filter is documented where it is written."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from rest_framework.filters import BaseFilterBackend
from taggit.managers import TaggableManager
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, get_page_models

from home.api.schema import STRING
from home.models import Topic
from search.query import MAX_QUERY_LENGTH, clean, max_query_words
from search.service import ranked_ids
from strategy.models import ProjectPage
from vlgsite.api.parameters import MAX_ID, id_parameter, is_id, query, text


class DescribedFilter(BaseFilterBackend):
    """A filter that documents the query parameters it reads."""

    @classmethod
    def parameters(cls, endpoint):
        """The OpenAPI parameters of this filter on an endpoint (a viewset class)."""
        return []

    @classmethod
    def parameter_names(cls):
        """The parameters this filter answers on every listing (not field filters)."""
        return [parameter["name"] for parameter in cls.parameters(None)]


def field_of(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def is_scalar(field):
    """A field that can be compared with one value (filtered or sorted by)."""
    if field is None or isinstance(field, (TaggableManager, StreamField, models.JSONField)):
        return False
    if not getattr(field, "concrete", False) or field.many_to_many or field.one_to_many:
        return False
    return True


def to_python(field, name, value):
    """The query parameter's value as the field's Python value, or a 400."""
    text(name, value)
    try:
        if isinstance(field, models.BooleanField):
            return parse_boolean(value)
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        python = target.to_python(value)
    except (ValidationError, ValueError, TypeError) as error:
        raise BadRequestError(f"'{value}' is not a valid value for '{name}'") from error
    if isinstance(python, int) and not isinstance(python, bool) and abs(python) > MAX_ID:
        raise BadRequestError(f"'{value}' is out of range for '{name}'")
    if isinstance(python, dt.datetime) and timezone.is_naive(python):
        python = timezone.make_aware(python)
    if field.choices and python not in {choice for choice, _label in field.flatchoices}:
        known = ", ".join(str(choice) for choice, _label in field.flatchoices)
        raise BadRequestError(f"unknown value '{value}' for '{name}' (known: {known})")
    return python


class StrictFieldsFilter(DescribedFilter):
    """?<field>=<value> for the API fields of the type asked for (Wagtail's field
    filter), with every value checked: a bad value is a 400, not a database error."""

    @classmethod
    def parameters(cls, endpoint):
        if endpoint is None or endpoint.model is not Page:
            return []
        return [
            query("slug", STRING, "Field filter: pages with this slug."),
            query(
                "tags", STRING, "Field filter of `type=news.NewsPage`: tag names, comma separated."
            ),
        ]

    @classmethod
    def parameter_names(cls):
        return []  # allowed where the type asked for has the field (Wagtail's check)

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        fields = set(view.get_available_fields(model, db_fields_only=True))
        fields -= {"locale"} | set(view.custom_filter_parameters)
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = field_of(model, name)
            if isinstance(field, TaggableManager):
                for tag in text(name, value).split(","):
                    queryset = queryset.filter(**{f"{name}__name": tag})
            elif not is_scalar(field) or isinstance(field, models.TextField):
                raise BadRequestError(f"cannot filter by '{name}'")
            else:
                queryset = queryset.filter(**{name: to_python(field, name, value)})
        return queryset


class StrictOrderingFilter(DescribedFilter):
    """?order=field,-field or ?order=random, over the sortable API fields of the type."""

    @classmethod
    def parameters(cls, endpoint):
        return [
            query(
                "order",
                STRING,
                "Sort by one or more fields of the type asked for, `-` for descending, "
                "or `random`.",
                example=getattr(endpoint, "order_example", None),
            )
        ]

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if order is None:
            # A type's own listing order (news: newest first, from its index), else the tree.
            default = getattr(queryset.model, "api_listing_order", None)
            return queryset.order_by(*default) if default else queryset
        names = order.split(",")
        if "random" in names:
            if len(names) > 1:
                raise BadRequestError("random ordering cannot be combined with other fields")
            if "offset" in request.GET:
                raise BadRequestError("random ordering with offset is not supported")
            return queryset.order_by("?")
        model = queryset.model
        available = set(view.get_available_fields(model, db_fields_only=True))
        sortable = {name for name in available if is_scalar(field_of(model, name))}
        for name in names:
            if name.removeprefix("-") not in sortable:
                raise BadRequestError(
                    f"cannot order by '{name}' (sortable: {', '.join(sorted(sortable))})"
                )
        # The tie-breaker runs the last field's way: one index read serves the whole order.
        return queryset.order_by(*names, "-pk" if names[-1].startswith("-") else "pk")


def locale_of(code):
    """The Locale of a language code given as a parameter, or None."""
    return Locale.objects.filter(language_code=text("locale", code)).first()


class StrictLocaleFilter(DescribedFilter):
    """?locale=fr: the pages of one language (unknown language: 400)."""

    @classmethod
    def parameters(cls, endpoint):
        return [
            query(
                "locale",
                {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]},
                "Only pages of this language.",
                example="fr",
            )
        ]

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        code = request.GET["locale"]
        locale = locale_of(code)
        if locale is None:
            known = ", ".join(
                Locale.objects.order_by("language_code").values_list("language_code", flat=True)
            )
            raise BadRequestError(f"unknown locale '{code}' (known: {known})")
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
        # A type with a listing index per language (news) adds the index's conditions.
        if hasattr(queryset, "in_listing_index"):
            queryset = queryset.in_listing_index(locale)
        if child_of:
            queryset._filtered_by_child_of = child_of
        return queryset


def page_models_with(field_name, field_class):
    return [
        model for model in get_page_models() if isinstance(field_of(model, field_name), field_class)
    ]


def restrict_to(queryset, models_with_field, lookup):
    """Filter by a field that only some page types have: on a listing of one of those
    types directly, on a mixed listing through each type's table."""
    model = queryset.model
    if model in models_with_field:
        return queryset.filter(pk__in=model.objects.filter(**lookup).values("pk"))
    condition = Q()
    for other in models_with_field:
        condition |= Q(pk__in=other.objects.filter(**lookup).values("pk"))
    return queryset.filter(condition)


def check_type_supports(queryset, models_with_field, parameter):
    model = queryset.model
    if model is not Page and model not in models_with_field:
        types = ", ".join(m._meta.label for m in models_with_field)
        raise BadRequestError(f"'{parameter}' is not a filter of {model._meta.label} ({types})")


class TopicFilter(DescribedFilter):
    """?topic=<slug>: news and projects tagged with a topic."""

    @classmethod
    def parameters(cls, endpoint):
        return [query("topic", STRING, "Topic slug: news and projects tagged with it.")]

    def filter_queryset(self, request, queryset, view):
        if "topic" not in request.GET:
            return queryset
        slug = text("topic", request.GET["topic"])
        with_topics = page_models_with("topics", models.ManyToManyField)
        check_type_supports(queryset, with_topics, "topic")
        if not Topic.objects.filter(slug=slug).exists():
            raise BadRequestError(f"unknown topic '{slug}'")
        return restrict_to(queryset, with_topics, {"topics__slug": slug})


class StatusFilter(DescribedFilter):
    """?status=<value>: projects by status (the status of another type that has one,
    e.g. strategy documents, with type=<that type>)."""

    #: Whose status a listing of several types filters by.
    default_model = ProjectPage

    @classmethod
    def parameters(cls, endpoint):
        others = [m for m in page_models_with("status", models.CharField) if m is not ProjectPage]
        values = {value for model in [ProjectPage, *others] for value in statuses(model)}
        description = "Project status (`" + "`, `".join(statuses(ProjectPage)) + "`)"
        for model in others:
            description += (
                f"; with `type={model._meta.label}` the "
                f"{model._meta.model_name.removesuffix('page')} status (`"
                + "`, `".join(statuses(model))
                + "`)"
            )
        return [
            query(
                "status",
                {"type": "string", "enum": sorted(values)},
                description + ".",
                example="in_progress",
            )
        ]

    def filter_queryset(self, request, queryset, view):
        if "status" not in request.GET:
            return queryset
        value = request.GET["status"]
        with_status = page_models_with("status", models.CharField)
        check_type_supports(queryset, with_status, "status")
        model = queryset.model if queryset.model in with_status else self.default_model
        to_python(model._meta.get_field("status"), "status", value)
        return restrict_to(queryset, [model], {"status": value})


def statuses(model):
    return [value for value, _label in model._meta.get_field("status").flatchoices]


class DateRangeFilter(DescribedFilter):
    """?date_from=YYYY-MM-DD&date_to=YYYY-MM-DD: news by date, both ends included."""

    @classmethod
    def parameters(cls, endpoint):
        return [
            query(
                "date_from",
                {"type": "string", "format": "date"},
                "News from this date on (YYYY-MM-DD).",
            ),
            query("date_to", {"type": "string", "format": "date"}, "News up to this date."),
        ]

    def filter_queryset(self, request, queryset, view):
        bounds = {}
        for parameter, lookup in (("date_from", "date__gte"), ("date_to", "date__lte")):
            if parameter in request.GET:
                value = request.GET[parameter]
                try:
                    bounds[lookup] = dt.date.fromisoformat(value)
                except ValueError as error:
                    raise BadRequestError(
                        f"'{parameter}' must be a date as YYYY-MM-DD, not '{value}'"
                    ) from error
        if not bounds:
            return queryset
        if "date__gte" in bounds and "date__lte" in bounds:
            if bounds["date__gte"] > bounds["date__lte"]:
                raise BadRequestError("'date_from' is after 'date_to'")
        with_date = page_models_with("date", models.DateField)
        check_type_supports(queryset, with_date, "date_from/date_to")
        return restrict_to(queryset, with_date, bounds)


def refuse_long_query(raw):
    """A 400 instead of searching for less than was asked (the page shortens and says so)."""
    cut = clean(raw).cut
    if cut == "words":
        raise BadRequestError(
            f"'search' has more than {max_query_words()} words (spaces and punctuation "
            "separate words); shorten it"
        )
    if cut == "characters":
        raise BadRequestError(f"'search' is longer than {MAX_QUERY_LENGTH} characters")


class SiteSearchFilter(DescribedFilter):
    """?search=: the site's search service (cleaned query, stemming, cluster with
    database fallback). Ordered by relevance unless ?order= is given. A query without
    words finds nothing."""

    @classmethod
    def parameters(cls, endpoint):
        return [
            query(
                "search",
                STRING,
                "Full-text search (all words; German stemming; the language of `locale`). "
                "Ordered by relevance unless `order` is given. At most "
                f"{settings.SEARCH_MAX_QUERY_WORDS} words and {MAX_QUERY_LENGTH} characters "
                "(else 400).",
                example="eUmzug",
            )
        ]

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        refuse_long_query(request.GET["search"])
        language = (request.GET.get("locale") or settings.LANGUAGE_CODE).split("-")[0].lower()
        pks = ranked_ids(request.GET["search"], view.searchable_queryset(), language)
        if not pks:
            return queryset.none()
        queryset = queryset.filter(pk__in=pks)
        if "order" not in request.GET:
            rank = Case(
                *[When(pk=pk, then=Value(position)) for position, pk in enumerate(pks)],
                output_field=IntegerField(),
            )
            queryset = queryset.annotate(search_rank=rank).order_by("search_rank")
        return queryset


class PageIdFilter(DescribedFilter):
    """Wagtail's tree filters (?child_of=, …) with the id checked first: digits only and
    within the database's range (Wagtail's int() would take " 5" or overflow)."""

    parameter = ""
    root_allowed = False
    description = ""

    @classmethod
    def parameters(cls, endpoint):
        return [id_parameter(cls.parameter, cls.description, root=cls.root_allowed)]

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get(self.parameter)
        if value is not None and not (self.root_allowed and value == "root") and not is_id(value):
            raise BadRequestError(f"{self.parameter} must be a positive integer")
        return super().filter_queryset(request, queryset, view)


class ChildOfFilter(PageIdFilter, wagtail_filters.ChildOfFilter):
    parameter, root_allowed = "child_of", True
    description = "Children of a page (id or `root`)."


class DescendantOfFilter(PageIdFilter, wagtail_filters.DescendantOfFilter):
    parameter, root_allowed = "descendant_of", True
    description = "Descendants of a page (id or `root`)."


class AncestorOfFilter(PageIdFilter, wagtail_filters.AncestorOfFilter):
    parameter = "ancestor_of"
    description = "Ancestors of a page."


class TranslationOfFilter(PageIdFilter, wagtail_filters.TranslationOfFilter):
    parameter, root_allowed = "translation_of", True
    description = "Translations of a page (not itself)."
