"""The endpoints of /api/v2/ (docs/api.md): Wagtail's pages, images and documents, with

- only public content, for everyone alike: live pages without any view restriction,
  images and documents outside restricted collections. No sessions are read, so every
  answer is cacheable (Cache-Control: public, Last-Modified; ETag and 304 come from
  ConditionalGetMiddleware);
- strict parameters: an unknown parameter or a bad value is a 400 with {"message"},
  never a 500 (filters.py);
- meta.translations on every page (listings load them in one query);
- find/?html_path= routed as the site routes it, language prefixes (/fr/…) included.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.serializers import PageParentField
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from home import localization, visibility
from home.api.fields import (
    APIValueField,
    BadSelection,
    HtmlUrlField,
    TranslationsField,
    prefetch_translations,
)
from home.api.representations import image_representation
from home.cache import pages as page_cache
from home.cache.memory import remembered
from home.models.mixins import SitePageMixin
from home.visibility import restricted_collection_ids
from vlgsite.api import filters
from vlgsite.api.pagination import CountedPagination
from vlgsite.api.parameters import MAX_ID, is_id, text
from vlgsite.api.registry import page_types
from vlgsite.api.responses import JSONOnly, outside_i18n, public_cache


@remembered
def site_trees(site_id, *, site):
    """(path, depth) of the site's root page and of its translations."""
    roots = [site.root_page, *site.root_page.get_translations()]
    return [(root.path, root.depth) for root in roots]


@remembered
def shown_parent(site_id, parent_path, *, field, page):
    """The parent page where the API shows it. Pages with the same parent share it."""
    return PageParentField.get_attribute(field, page)


class ParentField(PageParentField):
    """meta.parent, remembered per process and content version (home/cache/memory.py)."""

    def get_attribute(self, instance):
        site = Site.find_for_request(self.context["request"])
        parent_path = instance.path[: -instance.steplen]
        return shown_parent(getattr(site, "pk", None), parent_path, field=self, page=instance)


def filter_parameter_names(backends):
    return frozenset(name for backend in backends for name in backend.parameter_names())


class StrictAPIMixin:
    """Strict parameters, JSON errors and HTTP caching for every endpoint."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    pagination_class = CountedPagination
    filter_backends = [
        filters.StrictFieldsFilter,
        filters.StrictOrderingFilter,
        filters.SiteSearchFilter,
    ]
    #: Parameters of the detail view besides the object's id.
    detail_query_parameters = frozenset(["fields", "rich_text_format", "_"])
    #: Parameters of the listing besides those of its filters.
    listing_parameters = frozenset(["limit", "offset", "fields", "rich_text_format", "_"])
    known_query_parameters = listing_parameters | filter_parameter_names(filter_backends)
    custom_filter_parameters = filter_parameter_names(filter_backends)
    #: Answers are the same for everyone and kept by shared caches.
    cacheable = True
    #: An example of ?order= in the OpenAPI description.
    order_example = "title"

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
        for name in ("limit", "offset"):
            value = self.request.GET.get(name)
            if value is not None and not is_id(value):
                raise BadRequestError(f"{name} must be a positive integer")

    def detail_view(self, request, pk):
        self.check_parameters(self.detail_query_parameters)
        if pk > MAX_ID:
            raise Http404("not found")
        return super().detail_view(request, pk)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        outside_i18n(request)
        if not self.cacheable:
            patch_cache_control(response, private=True, no_store=True)
        elif request.method in ("GET", "HEAD") and response.status_code == 200:
            public_cache(response)
            # The same for every client: kept like a page (home/cache/pages.py), keyed
            # by every parameter (unknown ones were refused) but the cache-buster "_".
            page_cache.mark_page_request(
                getattr(request, "_request", request), page_cache.AllParametersExcept(["_"])
            )
        return response

    @cached_property
    def serializer_context(self):
        return super().get_serializer_context()

    def get_serializer_context(self):
        # One context per request: fields keep what they load in it.
        return self.serializer_context

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


class SitePagesAPIViewSet(StrictAPIMixin, PagesAPIViewSet):
    """/api/v2/pages/: live pages without view restrictions, in every language."""

    filter_backends = [
        filters.StrictFieldsFilter,
        filters.TopicFilter,
        filters.StatusFilter,
        filters.DateRangeFilter,
        filters.ChildOfFilter,
        filters.AncestorOfFilter,
        filters.DescendantOfFilter,
        filters.StrictOrderingFilter,
        filters.TranslationOfFilter,
        filters.StrictLocaleFilter,
        filters.SiteSearchFilter,  # last: it orders by relevance
    ]
    custom_filter_parameters = filter_parameter_names(filter_backends)
    known_query_parameters = StrictAPIMixin.listing_parameters | {"type"} | custom_filter_parameters
    detail_query_parameters = StrictAPIMixin.detail_query_parameters | {"type"}
    find_query_parameters = frozenset(["html_path", "id"])
    order_example = "-date"
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

    @cached_property
    def site_condition(self):
        """The pages under the site's root page and its translations (None: no site)."""
        site = Site.find_for_request(self.request)
        if site is None:
            return None
        condition = Q()
        for tree_path, depth in site_trees(site.pk, site=site):
            condition |= Q(path__startswith=tree_path, depth__gte=depth)
        return condition

    def public_pages(self, model):
        if self.site_condition is None:
            return model.objects.none()
        return visibility.live_public(model.objects.all()).filter(self.site_condition)

    @cached_property
    def base_queryset(self):
        return self.public_pages(Page)

    def get_base_queryset(self):
        """Live pages without view restrictions under the site's root page and its
        translations. The same for every visitor (no session is read)."""
        return self.base_queryset

    def searchable_queryset(self):
        """Where ?search= looks: the public pages (of the language asked for)."""
        queryset = self.get_base_queryset()
        code = self.request.GET.get("locale")
        if not code:
            return queryset
        # A filter on the locale itself: the search backends can filter on that field.
        # An unknown code finds nothing here; the locale filter answers it with a 400.
        locale = filters.locale_of(code)
        return queryset.filter(locale=locale) if locale else queryset.none()

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is not Page:
            # One type: Wagtail asks for `id IN (every public page)`, which reads the whole
            # page table; the same conditions on the type's own query let an index of the
            # type serve the listing (news: news_listing_idx, with ?locale=).
            queryset = self.public_pages(queryset.model)
        queryset = queryset.select_related("locale")
        page_type = page_types().get(queryset.model._meta.label)
        if page_type is None:
            return queryset
        selected, prefetched = page_type.loads(self.requested_fields())
        return queryset.select_related(*selected).prefetch_related(*prefetched)

    def requested_fields(self):
        """The fields that this request shows beyond the listing defaults (None: all of
        them), to load only what they need."""
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
        page = self.find_object(self.get_queryset(), request)
        if page is None:
            raise Http404("not found")
        url = reverse(f"{request.resolver_match.namespace}:detail", args=[page.pk])
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        return redirect(f"{url}?{query.urlencode()}" if query else url)

    def find_object(self, queryset, request):
        if "html_path" in request.GET:
            page = self.route(text("html_path", request.GET["html_path"]))
            if page is not None and queryset.filter(pk=page.pk).exists():
                return page
            return None
        value = request.GET["id"]
        if not is_id(value):
            raise BadRequestError("id must be a positive integer")
        return queryset.filter(pk=int(value)).first()

    def route(self, html_path):
        """The page that the site serves at a path, e.g. /fr/actualites/…/ (without a
        language prefix: the default language), found by Wagtail's routing from the
        site's root page in that language, as the site itself finds it."""
        site = Site.find_for_request(self.request)
        if site is None:
            return None
        components = [part for part in html_path.split("/") if part]
        language = settings.LANGUAGE_CODE
        if components and components[0] in dict(settings.LANGUAGES):
            language = components.pop(0)
        with translation.override(language):
            locale = localization.active_locale()
            root = site.root_page.localized
        if locale.language_code != language or root.locale_id != locale.pk:
            return None  # the site has no (live) root page in that language
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
    body_fields = ImagesAPIViewSet.body_fields + [
        APIField("alt", serializer=ImageAltField()),
        APIField("renditions", serializer=ImageRenditionsListField()),
    ]


class SiteDocumentsAPIViewSet(StrictAPIMixin, PublicCollectionsMixin, DocumentsAPIViewSet):
    body_fields = DocumentsAPIViewSet.body_fields + ["file_extension", "file_size"]
