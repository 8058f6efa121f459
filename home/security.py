"""Security headers that Django does not set by itself."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies: CONTENT_SECURITY_POLICY for the site and
    the API, ADMIN_CONTENT_SECURITY_POLICY for the Wagtail admin, whose own templates and
    scripts need inline scripts and styles (see docs/deployment.md). A view's own
    @csp_update/@csp_replace decorators still apply on top of either."""

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(self.admin_prefix)
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def login_locked_response(request, original_response=None, credentials=None, minutes=None):
    """What django-axes answers while a username/address pair is locked out, and the
    login limits per address and per username (home/throttled_views.py): the admin's
    login look with a German message (429 Too Many Requests)."""
    if minutes is None:
        minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    response = render(request, "home/admin/login_locked.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
