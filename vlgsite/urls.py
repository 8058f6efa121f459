from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import sitemaps, throttled_views
from search import views as search_views
from strategy import opendata
from vlgsite import health

urlpatterns = [
    # Health checks of load balancers and orchestrators (vlgsite/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    # Wagtail's login, password-reset and document-password forms with limits per client
    # and per target (home/throttled_views.py), in front of Wagtail's own URLs.
    path("admin/login/", throttled_views.login),
    path("admin/password_reset/", throttled_views.password_reset),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled_views.document_password,
    ),
    path("documents/", include(wagtaildocs_urls)),
    # The open-data catalogue (DCAT-AP CH) for opendata.swiss, one URL set for all
    # languages (strategy/opendata.py, docs/open-data.md).
    path("opendata/catalog", opendata.negotiated_catalogue_view, name="opendata_catalogue"),
    path(
        "opendata/catalog.<str:file_format>",
        opendata.catalogue_view,
        name="opendata_catalogue_format",
    ),
    # The headless API (docs/api.md), outside the language prefixes.
    path("", include("vlgsite.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every page lives under its language prefix (/de/, /fr/, …); "/" redirects to the
# visitor's language (Accept-Language, else German).
urlpatterns += i18n_patterns(
    path("sitemap.xml", sitemaps.language_sitemap, name="language_sitemap"),
    path(_("suche/"), search_views.search, name="search"),
    path(
        format_lazy("{}autocomplete/", _("suche/")),
        search_views.autocomplete,
        name="search_autocomplete",
    ),
    # E-mail alerts: subscribe, confirm, manage, unsubscribe (home/subscriptions/).
    path("", include("home.subscriptions.urls")),
    # The feedback submitter's status page (home/feedback/status.py).
    path("", include("home.feedback.urls")),
    # "War diese Seite hilfreich?": the widget's post and thank-you page (home/helpfulness/).
    path("", include("home.helpfulness.urls")),
    # Preview links: a page's draft for reviewers without an account (home/previews/).
    path("", include("home.previews.urls")),
    # Wagtail's page-password form, with limits per client and per page (in front of
    # wagtail_urls, which has the same address).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_views.page_password,
    ),
    # Wagtail's pages (routed from the language's home page: HomePage.route).
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
