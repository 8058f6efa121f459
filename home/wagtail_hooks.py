from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import admin_panels
from home.cache import pages as page_cache
from home.content_checks import use_site_content_checker
from home.document_links import PUBLIC_DOCUMENT_LINK_CONVERSION_RULE, PublicDocumentLinkHandler
from home.feedback import admin as feedback_admin
from home.helpfulness import admin as helpfulness_admin
from home.models import Commune, Feedback, Person, Topic
from home.previews import admin as preview_admin
from home.previews import links as preview_links
from home.subscriptions import admin_urls as subscription_admin_urls
from home.subscriptions import privacy as subscription_privacy
from home.subscriptions import report as subscription_report


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Themen")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = ["name", "role", "organisation"]
    search_fields = ["name"]


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "home"
    menu_label = _("Gemeinden")
    list_display = ["name", "bfs_number", "electoral_district"]
    list_filter = ["electoral_district"]
    search_fields = ["name"]
    inspect_view_enabled = True


# Before any viewset asks for the model's policy (Wagtail would make a default one).
register_permission_policy(Feedback, feedback_admin.feedback_permission_policy)
register_snippet(TopicViewSet)
register_snippet(PersonViewSet)
register_snippet(CommuneViewSet)
register_snippet(feedback_admin.feedback_viewset)


# -- Ideas and feedback (home/feedback/admin.py) ---------------------------------------


@hooks.register("construct_homepage_panels")
def add_feedback_panels(request, panels):
    panels.extend(feedback_admin.dashboard_panels(request))


# -- E-mail subscriptions: the report and data-protection requests (home/subscriptions/) ---


@hooks.register("register_admin_urls")
def register_subscription_admin_urls():
    return [path("abonnements/", include(subscription_admin_urls))]


@hooks.register("register_reports_menu_item")
def register_subscription_report_menu_item():
    return subscription_report.menu_item()


@hooks.register("register_reports_menu_item")
def register_subscriber_lookup_menu_item():
    return subscription_privacy.menu_item()


@hooks.register("register_log_actions")
def register_subscriber_log_actions(actions):
    subscription_privacy.register_log_actions(actions)


# -- "War diese Seite hilfreich?" (home/helpfulness/admin.py) ----------------------------


@hooks.register("register_admin_urls")
def register_helpfulness_report_urls():
    view = helpfulness_admin.HelpfulnessReportView
    name = helpfulness_admin.REPORT_URL_NAME
    return [
        path("reports/hilfreich/", view.as_view(), name=name),
        path("reports/hilfreich/results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_helpfulness_report_menu_item():
    return helpfulness_admin.HelpfulnessReportMenuItem(
        _("Hilfreich-Rückmeldungen"),
        reverse(helpfulness_admin.REPORT_URL_NAME),
        name="helpfulness",
        icon_name="help",
        order=1100,
    )


# -- Shareable previews: links to a page's draft (home/previews/) -------------------------


@hooks.register("register_admin_urls")
def register_preview_link_urls():
    return [
        path(
            "vorschau-links/<int:page_id>/",
            preview_admin.PreviewLinksView.as_view(),
            name=preview_admin.URL_NAME,
        ),
        path(
            "vorschau-links/<int:page_id>/<int:link_id>/widerrufen/",
            preview_admin.RevokeView.as_view(),
            name=preview_admin.REVOKE_URL_NAME,
        ),
    ]


@hooks.register("register_page_header_buttons")
def add_preview_link_button(page, user, view_name, next_url=None):
    return preview_admin.header_button(page, user)


@hooks.register("register_log_actions")
def register_preview_link_log_actions(actions):
    preview_links.register_log_actions(actions)


# -- Site-wide dashboard panels (home/admin_panels.py) -------------------------------------


@hooks.register("construct_homepage_panels")
def add_site_panels(request, panels):
    panels.extend(admin_panels.dashboard_panels(request))


# -- Content checks -----------------------------------------------------------------------


@hooks.register("construct_wagtail_userbar")
def add_vague_link_text_check(request, items, page=None):
    """Editors see vague link texts ("hier", "mehr", …) among the content checks of the
    userbar and of the page editor's checks panel."""
    use_site_content_checker(items)


@hooks.register("before_serve_page")
def offer_page_to_page_cache(page, request, serve_args, serve_kwargs):
    # Only what Wagtail serves goes into the page cache (home/cache/pages.py).
    page_cache.mark_page_request(request, getattr(page, "cached_query_parameters", frozenset()))


# -- Rich-text links to documents of restricted collections (home/document_links.py) ---------------


@hooks.register("register_rich_text_features", order=100)
def link_only_public_documents(features):
    """After Wagtail's own registration of the "document" link type, which it replaces."""
    features.register_link_type(PublicDocumentLinkHandler)
    features.register_converter_rule(
        "contentstate", "document-link", PUBLIC_DOCUMENT_LINK_CONVERSION_RULE
    )
