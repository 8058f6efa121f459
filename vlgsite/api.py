"""The headless API: Wagtail API v2 under /api/v2/ (pages, images, documents, previews).

What this adds to Wagtail's endpoints (docs/api.md):

- Only public content, for everyone alike: live pages without any view restriction,
  images and documents outside restricted collections. No sessions are read, so every
  answer is cacheable (Cache-Control: public, Last-Modified; ETag and 304 come from
  ConditionalGetMiddleware).
- Strict parameters: an unknown parameter or a bad value is a 400 with {"message"},
  never a 500 (filters, ordering, ids, dates, locales, search text).
- Filters of the site's content: topic, status, date_from/date_to; search through the
  site's search service (search/service.py); find/?html_path= understands the language
  prefixes (/fr/…).
- Every page has meta.translations; listings load them in one query.
- /api/v2/preview/ serves a draft to a headless client (wagtail-headless-preview).
"""

import datetime as dt
import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Max, Q, Value, When
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageParentField
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, Site, get_page_models

from home import localization, visibility
from home.api import (
    APIValueField,
    BadSelection,
    HtmlUrlField,
    TranslationsField,
    image_representation,
    prefetch_translations,
)
from home.cache import memory
from home.cache import pages as page_cache
from home.models.mixins import SitePageMixin
from home.visibility import restricted_collection_ids

MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]+", re.ASCII)
# Parameters that take a non-negative integer (a page id, or "root" where Wagtail allows).
INTEGER_PARAMETERS = {
    "limit": False,
    "offset": False,
    "child_of": True,
    "descendant_of": True,
    "translation_of": True,
    "ancestor_of": False,
}


def is_id(value):
    return bool(DIGITS.fullmatch(value)) and int(value) <= MAX_ID


def content_changed_at():
    """When the public content last changed: the newest publication, admin action on a
    page or snippet, image or document. Worked out once per content version."""
    return memory.remember("content-changed-at", _content_changed_at)


def _content_changed_at():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import ModelLogEntry, PageLogEntry

    candidates = [
        Page.objects.live().aggregate(value=Max("last_published_at"))["value"],
        PageLogEntry.objects.aggregate(value=Max("timestamp"))["value"],
        ModelLogEntry.objects.aggregate(value=Max("timestamp"))["value"],
        get_image_model().objects.aggregate(value=Max("created_at"))["value"],
        get_document_model().objects.aggregate(value=Max("created_at"))["value"],
    ]
    candidates = [value for value in candidates if value is not None]
    return max(candidates) if candidates else None


def site_trees(site):
    """(path, depth) of the site's root page and of its translations."""

    def compute():
        roots = [site.root_page, *site.root_page.get_translations()]
        return [(root.path, root.depth) for root in roots]

    return memory.remember(f"site-trees:{site.pk}", compute)


class ParentField(PageParentField):
    """The parent page where the API shows it. Pages with the same parent share it:
    remembered per process and content version (home/cache/memory.py)."""

    def get_attribute(self, instance):
        site = Site.find_for_request(self.context["request"])
        parent_path = instance.path[: -instance.steplen]
        return memory.remember(
            f"api-parent:{getattr(site, 'pk', None)}:{parent_path}",
            lambda: super(ParentField, self).get_attribute(instance),
        )


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the Accept header says: no 406 for machine clients."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# Filters


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
    if "\x00" in value:
        raise BadRequestError(f"null characters are not allowed in '{name}'")
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


class StrictFieldsFilter(BaseFilterBackend):
    """?<field>=<value> for the API fields of the type asked for (Wagtail's field
    filter), with every value checked: a bad value is a 400, not a database error."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        fields = set(view.get_available_fields(model, db_fields_only=True))
        fields -= {"locale"} | set(view.custom_filter_parameters)
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = field_of(model, name)
            if isinstance(field, TaggableManager):
                if "\x00" in value:
                    raise BadRequestError(f"null characters are not allowed in '{name}'")
                for tag in value.split(","):
                    queryset = queryset.filter(**{f"{name}__name": tag})
            elif not is_scalar(field) or isinstance(field, models.TextField):
                raise BadRequestError(f"cannot filter by '{name}'")
            else:
                queryset = queryset.filter(**{name: to_python(field, name, value)})
        return queryset


class StrictOrderingFilter(BaseFilterBackend):
    """?order=field,-field or ?order=random, over the sortable API fields of the type."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if order is None:
            return queryset
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
        return queryset.order_by(*names, "pk")


class StrictLocaleFilter(BaseFilterBackend):
    """?locale=fr: the pages of one language (unknown language: 400)."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        code = request.GET["locale"]
        locale = Locale.objects.filter(language_code=code).first() if "\x00" not in code else None
        if locale is None:
            known = ", ".join(
                Locale.objects.order_by("language_code").values_list("language_code", flat=True)
            )
            raise BadRequestError(f"unknown locale '{code}' (known: {known})")
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
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


class TopicFilter(BaseFilterBackend):
    """?topic=<slug>: news and projects tagged with a topic."""

    def filter_queryset(self, request, queryset, view):
        if "topic" not in request.GET:
            return queryset
        from home.models import Topic

        slug = request.GET["topic"]
        with_topics = page_models_with("topics", models.ManyToManyField)
        check_type_supports(queryset, with_topics, "topic")
        if "\x00" in slug or not Topic.objects.filter(slug=slug).exists():
            raise BadRequestError(f"unknown topic '{slug}'")
        return restrict_to(queryset, with_topics, {"topics__slug": slug})


class StatusFilter(BaseFilterBackend):
    """?status=<value>: projects by status (strategy documents by theirs with
    type=strategy.StrategyPage)."""

    def filter_queryset(self, request, queryset, view):
        if "status" not in request.GET:
            return queryset
        from strategy.models import ProjectPage

        value = request.GET["status"]
        with_status = page_models_with("status", models.CharField)
        check_type_supports(queryset, with_status, "status")
        model = queryset.model if queryset.model in with_status else ProjectPage
        field = model._meta.get_field("status")
        to_python(field, "status", value)
        return restrict_to(queryset, [model], {"status": value})


class DateRangeFilter(BaseFilterBackend):
    """?date_from=YYYY-MM-DD&date_to=YYYY-MM-DD: news by date, both ends included."""

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


def search_language(request):
    code = request.GET.get("locale") or settings.LANGUAGE_CODE
    return code.split("-")[0].lower()


class SiteSearchFilter(BaseFilterBackend):
    """?search=: the site's search service (cleaned query, stemming, cluster with
    database fallback). Ordered by relevance unless ?order= is given. A query without
    words finds nothing."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        from search.service import ranked_ids

        pks = ranked_ids(
            request.GET["search"], view.searchable_queryset(), search_language(request)
        )
        if not pks:
            return queryset.none()
        queryset = queryset.filter(pk__in=pks)
        if "order" not in request.GET and pks:
            rank = Case(
                *[When(pk=pk, then=Value(position)) for position, pk in enumerate(pks)],
                output_field=IntegerField(),
            )
            queryset = queryset.annotate(search_rank=rank).order_by("search_rank")
        return queryset


# Endpoints


class StrictAPIMixin:
    """Strict parameters, JSON errors and HTTP caching for every endpoint."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    #: Listing parameters that custom filters handle (not field filters).
    custom_filter_parameters = ()
    #: Parameters of the detail view besides the object's id.
    detail_query_parameters = frozenset(["fields", "rich_text_format", "_"])
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "search", "rich_text_format", "_"]
    )

    def handle_exception(self, exc):
        if isinstance(exc, drf_exceptions.APIException) and not isinstance(
            exc, drf_exceptions.NotFound
        ):
            return Response({"message": str(exc.detail)}, status=exc.status_code)
        if isinstance(exc, BadSelection):
            return Response({"message": f"fields error: {exc}"}, status=400)
        if isinstance(exc, drf_exceptions.NotFound):
            return Response({"message": "not found"}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)

    def check_parameters(self, allowed):
        unknown = set(self.request.GET) - set(allowed)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        for name, root_allowed in INTEGER_PARAMETERS.items():
            value = self.request.GET.get(name)
            if value is None or (root_allowed and value == "root"):
                continue
            if not is_id(value):
                raise BadRequestError(f"{name} must be a positive integer")

    def detail_view(self, request, pk):
        self.check_parameters(self.detail_query_parameters)
        if pk > MAX_ID:
            raise Http404("not found")
        return super().detail_view(request, pk)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        outside_i18n(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            public_cache(response)
            # The same for every client: kept like a page (home/cache/pages.py).
            page_cache.mark_page_request(getattr(request, "_request", request))
        return response

    def get_serializer_context(self):
        # One context per request: fields cache what they load in it.
        if not hasattr(self, "_serializer_context"):
            self._serializer_context = super().get_serializer_context()
        return self._serializer_context

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        """Wagtail's serializer, plus nested ?fields=name(sub,fields) selections for the
        site's computed fields (topics(slug), lead_image(renditions), …)."""
        overrides = cls.get_field_serializer_overrides(model)
        selections, config = {}, []
        for name, negated, sub_fields in fields_config:
            field = overrides.get(name)
            if sub_fields and isinstance(field, APIValueField):
                names = []
                for sub_name, sub_negated, sub_sub_fields in sub_fields:
                    if sub_negated or sub_sub_fields or sub_name in ("*", "_"):
                        raise BadRequestError(
                            f"fields error: '{name}' takes a plain list of nested fields"
                        )
                    names.append(sub_name)
                try:
                    selections[name] = type(field).check_selection(names)
                except BadSelection as error:
                    raise BadRequestError(f"fields error: {name}: {error}") from error
                sub_fields = None
            config.append((name, negated, sub_fields))
        serializer_class = super()._get_serializer_class(
            router, model, config, show_details=show_details, nested=nested
        )
        if not selections:
            return serializer_class
        attrs = {
            name: type(overrides[name])(
                *overrides[name]._args, fields=names, **overrides[name]._kwargs
            )
            for name, names in selections.items()
        }
        return type(serializer_class.__name__, (serializer_class,), attrs)


def outside_i18n(request):
    """Answer as the API's own URLconf: LocaleMiddleware neither redirects an API 404
    to /de/api/… nor adds Vary: Accept-Language (the API does not depend on it)."""
    getattr(request, "_request", request).urlconf = "vlgsite.api_urls"


def public_cache(response):
    """Public content for everyone: shared caches may keep it a few minutes."""
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    changed = content_changed_at()
    if changed is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(changed.timestamp())


class SitePagesAPIViewSet(StrictAPIMixin, PagesAPIViewSet):
    """/api/v2/pages/: live pages without view restrictions, in every language."""

    filter_backends = [
        StrictFieldsFilter,
        TopicFilter,
        StatusFilter,
        DateRangeFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        StrictOrderingFilter,
        TranslationOfFilter,
        StrictLocaleFilter,
        SiteSearchFilter,  # last: it orders by relevance
    ]
    custom_filter_parameters = ("topic", "status", "date_from", "date_to")
    known_query_parameters = StrictAPIMixin.known_query_parameters.union(
        ["type", "child_of", "ancestor_of", "descendant_of", "translation_of", "locale"],
        custom_filter_parameters,
    )
    detail_query_parameters = StrictAPIMixin.detail_query_parameters.union(["type"])
    find_query_parameters = frozenset(["html_path", "id"])
    meta_fields = [
        {
            "html_url": APIField("html_url", serializer=HtmlUrlField()),
            "parent": APIField("parent", serializer=ParentField(read_only=True)),
        }.get(name, name)
        for name in PagesAPIViewSet.meta_fields
    ] + [
        "last_published_at",
        APIField("translations", serializer=TranslationsField()),
    ]

    # Headless front ends build language switchers from every listing.
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["translations"]

    def get_object(self):
        """The page with its locale from memory and its linked objects in one query."""
        page = localization.with_locale(super().get_object())
        if isinstance(page, SitePageMixin):
            page.load_linked_objects()
        return page

    def get_base_queryset(self):
        """Live pages without view restrictions under the site's root page and its
        translations. The same for every visitor (no session is read)."""
        if not hasattr(self, "_base_queryset"):
            site = Site.find_for_request(self.request)
            if site is None:
                self._base_queryset = Page.objects.none()
            else:
                condition = Q()
                for path, depth in site_trees(site):
                    condition |= Q(path__startswith=path, depth__gte=depth)
                self._base_queryset = visibility.public(Page.objects.live()).filter(condition)
        return self._base_queryset

    def searchable_queryset(self):
        """Where ?search= looks: the public pages (of the language asked for)."""
        queryset = self.get_base_queryset()
        code = self.request.GET.get("locale")
        if not code:
            return queryset
        # A filter on the locale itself: the search backends can filter on that field.
        # An unknown code finds nothing here; the locale filter answers it with a 400.
        locale = Locale.objects.filter(language_code=code).first() if "\x00" not in code else None
        return queryset.filter(locale=locale) if locale else queryset.none()

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        declaration = page_type_registry().get(queryset.model._meta.label)
        if not declaration:
            return queryset
        requested = self.requested_fields()
        selected, prefetched = [], []
        for field, lookups in declaration.get("select_related", {}).items():
            if requested is None or field in requested:
                selected += lookups
        for field, lookups in declaration.get("prefetch_related", {}).items():
            if requested is None or field in requested:
                prefetched += lookups
        return queryset.select_related(*selected).prefetch_related(*prefetched)

    def requested_fields(self):
        """The fields that this request shows beyond the listing defaults (None: all of
        them), to load only what they need."""
        from wagtail.api.v2.utils import parse_fields_parameter

        if self.action != "listing_view":
            return None
        try:
            config = parse_fields_parameter(self.request.GET.get("fields", ""))
        except ValueError:
            return set()  # the serializer reports the error
        if config and config[0][0] == "*":
            return None
        return {name for name, negated, _sub in config if not negated}

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        items = list(self.paginate_queryset(queryset))
        serializer = self.get_serializer(items, many=True)
        if "translations" in serializer.child.fields:
            prefetch_translations(items, self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def find_view(self, request):
        self.check_parameters(self.find_query_parameters | self.detail_query_parameters)
        if "html_path" not in request.GET and "id" not in request.GET:
            raise BadRequestError("find needs 'html_path' or 'id'")
        queryset = self.get_queryset()
        page = self.find_object(queryset, request)
        if page is None:
            raise Http404("not found")
        url = reverse(f"{request.resolver_match.namespace}:detail", args=[page.pk])
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        return redirect(f"{url}?{query.urlencode()}" if query else url)

    def find_object(self, queryset, request):
        if "html_path" in request.GET:
            page = self.route(request.GET["html_path"])
            if page is not None and queryset.filter(pk=page.pk).exists():
                return page
            return None
        value = request.GET["id"]
        if not is_id(value):
            raise BadRequestError("id must be a positive integer")
        return queryset.filter(pk=int(value)).first()

    def route(self, html_path):
        """The page that serves a path of the site, e.g. /fr/actualites/…/ (without a
        language prefix: the default language)."""
        if "\x00" in html_path:
            raise BadRequestError("null characters are not allowed in 'html_path'")
        site = Site.find_for_request(self.request)
        if site is None:
            return None
        components = [part for part in html_path.split("/") if part]
        languages = dict(Locale.objects.values_list("language_code", "pk"))
        language = settings.LANGUAGE_CODE
        if components and components[0] in languages:
            language = components.pop(0)
        root = site.root_page
        if root.locale_id != languages.get(language):
            root = root.get_translation_or_none(languages.get(language))
            if root is None:
                return None
        try:
            page, _args, _kwargs = root.specific.route(self.request, components)
        except Http404:
            return None
        return page

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]


class PublicCollectionsMixin:
    """Images and documents outside collections with any view restriction."""

    def get_queryset(self):
        hidden = restricted_collection_ids()
        return self.model.objects.exclude(collection__in=hidden).order_by("id")

    def searchable_queryset(self):
        return self.model.objects.all()


class ImageAltField(APIValueField):
    def represent(self, image):
        return image.default_alt_text or ""


class ImageRenditionsListField(APIValueField):
    def represent(self, image):
        return image_representation(image, self.context)["renditions"]


class SiteImagesAPIViewSet(StrictAPIMixin, PublicCollectionsMixin, ImagesAPIViewSet):
    filter_backends = [StrictFieldsFilter, StrictOrderingFilter, SiteSearchFilter]
    known_query_parameters = StrictAPIMixin.known_query_parameters
    body_fields = ImagesAPIViewSet.body_fields + [
        APIField("alt", serializer=ImageAltField()),
        APIField("renditions", serializer=ImageRenditionsListField()),
    ]


class SiteDocumentsAPIViewSet(StrictAPIMixin, PublicCollectionsMixin, DocumentsAPIViewSet):
    filter_backends = [StrictFieldsFilter, StrictOrderingFilter, SiteSearchFilter]
    known_query_parameters = StrictAPIMixin.known_query_parameters
    body_fields = DocumentsAPIViewSet.body_fields + ["file_extension", "file_size"]


class PreviewAPIViewSet(SitePagesAPIViewSet):
    """/api/v2/preview/?content_type=app.model&token=…: the draft that an editor
    previews in the headless client (HEADLESS_PREVIEW_URL). Tokens are signed and
    expire after HEADLESS_PREVIEW_MAX_AGE seconds. Never cached."""

    known_query_parameters = frozenset(["content_type", "token", "fields", "rich_text_format"])

    def listing_view(self, request):
        self.check_parameters(self.known_query_parameters)
        page = self.get_object()
        serializer = self.get_serializer(page)
        return Response(serializer.data)

    def get_object(self):
        if hasattr(self, "_preview_page"):
            return self._preview_page
        from django.contrib.contenttypes.models import ContentType
        from wagtail_headless_preview.models import PagePreview

        if not settings.HEADLESS_PREVIEW_URL:
            raise Http404("headless preview is not configured")
        content_type = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        if not content_type or not token:
            raise BadRequestError("preview needs 'content_type' and 'token'")
        app_label, _dot, model_name = content_type.lower().partition(".")
        content_type_obj = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        model = content_type_obj and content_type_obj.model_class()
        if model is None or not issubclass(model, Page):
            raise BadRequestError(f"'{content_type}' is not a page type")
        signer = signing.TimestampSigner(salt="headlesspreview.token")
        try:
            signer.unsign(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
        except signing.BadSignature as error:
            raise Http404("preview not found or expired") from error
        preview = PagePreview.objects.filter(content_type=content_type_obj, token=token).first()
        if preview is None:
            raise Http404("preview not found or expired")
        page = preview.as_page()
        if page.pk is None:
            page.pk = page.id = 0  # a new page, not saved yet
        self._preview_page = page
        return self._preview_page

    def get_serializer_class(self):
        from wagtail.api.v2.utils import parse_fields_parameter

        fields_config = []
        if "fields" in self.request.GET:
            try:
                fields_config = parse_fields_parameter(self.request.GET["fields"])
            except ValueError as error:
                raise BadRequestError(f"fields error: {error}") from error
        return self._get_serializer_class(
            self.request.wagtailapi_router,
            type(self.get_object()),
            fields_config,
            show_details=True,
        )

    def finalize_response(self, request, response, *args, **kwargs):
        outside_i18n(request)
        response = super(StrictAPIMixin, self).finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


def page_type_registry():
    """{"app.Model": {"description", "fields", "select_related", "prefetch_related"}} of
    every app's page types, from each app's api.py."""
    from home.api import page_types as home_types
    from news.api import page_types as news_types
    from strategy.api import page_types as strategy_types

    return {**home_types(), **news_types(), **strategy_types()}


api_router = WagtailAPIRouter("wagtailapi")
# "pages" first: the router finds a model's endpoint (detail_url) by registration order.
api_router.register_endpoint("pages", SitePagesAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)
api_router.register_endpoint("preview", PreviewAPIViewSet)


def plain_api_view(view):
    """A function view of the API behaves like the endpoints: no CSRF (nothing is
    written, no session is read), GET/HEAD/OPTIONS only (else a JSON 405), no language
    redirects."""
    from functools import wraps

    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        outside_i18n(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response = JsonResponse({"message": f"method {request.method} not allowed"}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return view(request, *args, **kwargs)

    return wrapped


@plain_api_view
def api_index(request):
    """/api/v2/: where the endpoints and the description are."""
    if set(request.GET) - {"_"}:
        return JsonResponse({"message": "this endpoint takes no parameters"}, status=400)
    response = JsonResponse(
        {
            "pages": request.build_absolute_uri(reverse("wagtailapi:pages:listing")),
            "images": request.build_absolute_uri(reverse("wagtailapi:images:listing")),
            "documents": request.build_absolute_uri(reverse("wagtailapi:documents:listing")),
            "openapi": request.build_absolute_uri(reverse("api_openapi")),
        }
    )
    public_cache(response)
    return response


@plain_api_view
def api_not_found(request, *args, **kwargs):
    """Every other address under /api/: a JSON 404 (with the slash appended, as Django
    does elsewhere, where that finds an endpoint)."""
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    if settings.APPEND_SLASH and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse({"message": "not found"}, status=404)
