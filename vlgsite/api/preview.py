"""/api/v2/preview/?content_type=app.model&token=…: the draft that an editor previews in
the headless client (HEADLESS_PREVIEW_URL, wagtail-headless-preview). Tokens are signed
and expire after HEADLESS_PREVIEW_MAX_AGE seconds. Never cached."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404
from django.urls import path
from django.utils.functional import cached_property
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.models import Page
from wagtail_headless_preview.models import PagePreview

from vlgsite.api.endpoints import SitePagesAPIViewSet


class PreviewAPIViewSet(SitePagesAPIViewSet):
    known_query_parameters = frozenset(["content_type", "token", "fields", "rich_text_format"])
    cacheable = False

    def listing_view(self, request):
        self.check_parameters(self.known_query_parameters)
        serializer = self.get_serializer(self.get_object())
        return Response(serializer.data)

    def get_object(self):
        return self.preview_page

    @cached_property
    def preview_page(self):
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
        return page

    def get_serializer_class(self):
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

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
