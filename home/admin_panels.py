"""Site-wide panels of the admin dashboard (the apps add their own in their wagtail_hooks)."""

from wagtail.admin.ui.components import Component
from wagtail.models import Page


class RecentlyPublishedPanel(Component):
    """The pages published last, of any type and in every language, to see what went out."""

    name = "recently_published"
    order = 170
    template_name = "home/admin/recently_published_panel.html"
    shown = 8

    def get_context_data(self, parent_context=None):
        pages = (
            Page.objects.live()
            .filter(last_published_at__isnull=False)
            .select_related("locale")
            .order_by("-last_published_at")[: self.shown]
        )
        return {"pages": pages}


def dashboard_panels(request):
    """The site-wide panels of this user's admin dashboard: none before there is a page."""
    if request.user.has_perm("wagtailadmin.access_admin") and Page.objects.exists():
        return [RecentlyPublishedPanel()]
    return []
