"""The API's URLs (/api/…), outside the language prefixes of the site.

API responses name this module as their URLconf (vlgsite.api.responses.outside_i18n):
Django's LocaleMiddleware then leaves them alone, instead of redirecting an API 404 to
/de/api/… and varying every answer on Accept-Language.
"""

from django.urls import include, path, re_path

from vlgsite.api import api_router
from vlgsite.api.communes import commune_detail, commune_listing
from vlgsite.api.openapi import openapi_view
from vlgsite.api.views import api_index, api_not_found

urlpatterns = [
    path("api/v2/", api_index, name="api_index"),
    path("api/v2/openapi.json", openapi_view, name="api_openapi"),
    path("api/v2/communes/", commune_listing, name="api_communes"),
    path("api/v2/communes/<str:key>/", commune_detail, name="api_commune"),
    path("api/v2/", include((api_router.get_urlpatterns(), "wagtailapi"))),
    re_path(r"^api/", api_not_found),
]
