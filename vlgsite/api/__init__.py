"""The headless API: Wagtail API v2 under /api/v2/ (docs/api.md).

endpoints.py (pages, images, documents) and preview.py serve it; filters.py checks and
describes the listings' parameters; registry.py reads the page types from the page
models; openapi.py and schemas.py describe it all; urls.py puts it outside the language prefixes.

This module registers the endpoints; the router's URLs are included by urls.py.
"""

from wagtail.api.v2.router import WagtailAPIRouter

from vlgsite.api.endpoints import (
    SiteDocumentsAPIViewSet,
    SiteImagesAPIViewSet,
    SitePagesAPIViewSet,
)
from vlgsite.api.preview import PreviewAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
# "pages" first: the router finds a model's endpoint (detail_url) by registration order.
api_router.register_endpoint("pages", SitePagesAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)
api_router.register_endpoint("preview", PreviewAPIViewSet)
