"""Wagtail's views that guess or send secrets, with limits per client and per target
(home/throttle.py, rates in settings): the admin login (password spraying: many usernames
from one address, or one username from many), the passwords of private pages and
document collections, and password-reset mails.
Over a limit the answer is 429 with a German message; vlgsite/urls.py puts these views in
front of Wagtail's own.

Failed logins and wrong page passwords are counted after the attempt (a correct one costs
nothing, so many colleagues may open one protected page); every password-reset request
counts, whether or not the address belongs to an account, so the answer never tells.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views
from wagtail.admin.views.account import LoginView, PasswordResetView
from wagtail.documents.views import serve as document_views

from home import throttle
from home.security import login_locked_response

_wagtail_login = LoginView.as_view()
_wagtail_password_reset = PasswordResetView.as_view()


def _first_exceeded(request, limits):
    """The rate of the first limit (scope, rate, target) already used up, or None."""
    for scope, rate, target in limits:
        if throttle.exceeded(request, scope, rate, target):
            return rate
    return None


def _count(request, limits):
    for scope, rate, target in limits:
        throttle.allow(request, scope, rate, target)


def _too_many(request, template, message, rate):
    context = {"message": message, "minutes": throttle.period_minutes(rate)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(context["minutes"] * 60)
    return response


def login(request):
    """The admin login. django-axes still locks a username/address pair after
    LOGIN_FAILURE_LIMIT failures; this adds the limits per address and per username."""
    if request.method != "POST":
        return _wagtail_login(request)
    username = request.POST.get("username", "")
    limits = [
        ("login-client", settings.LOGIN_FAILURES_PER_CLIENT, None),
        ("login-username", settings.LOGIN_FAILURES_PER_USERNAME, username),
    ]
    exceeded = _first_exceeded(request, limits)
    if exceeded:
        return login_locked_response(request, minutes=throttle.period_minutes(exceeded))
    response = _wagtail_login(request)
    if not request.user.is_authenticated:
        _count(request, limits)
    return response


def _password_form(request, view, scope, restriction_id):
    """Wagtail's form for the password of a restriction: a wrong password shows the
    form again (200), a right one redirects."""
    if request.method != "POST":
        return view()
    limits = [
        ("restriction-password-client", settings.PAGE_PASSWORD_FAILURES_PER_CLIENT, None),
        (scope, settings.PAGE_PASSWORD_FAILURES_PER_PAGE, restriction_id),
    ]
    exceeded = _first_exceeded(request, limits)
    if exceeded:
        message = _(
            "Zu viele falsche Passwörter für diese Seite. Bitte versuchen Sie es "
            "in %(minutes)s Minuten erneut."
        ) % {"minutes": throttle.period_minutes(exceeded)}
        return _too_many(request, "home/too_many_attempts.html", message, exceeded)
    response = view()
    if response.status_code == 200:
        _count(request, limits)
    return response


def page_password(request, page_view_restriction_id, page_id):
    """The password of a private page (and the pages below it)."""
    return _password_form(
        request,
        lambda: wagtail_views.authenticate_with_password(
            request, page_view_restriction_id, page_id
        ),
        "page-password",
        page_view_restriction_id,
    )


def document_password(request, restriction_id):
    """The password of a private collection's documents."""
    return _password_form(
        request,
        lambda: document_views.authenticate_with_password(request, restriction_id),
        "collection-password",
        restriction_id,
    )


def password_reset(request):
    """The admin's "forgot password" form: every request counts, for the client and for
    the address asked for."""
    if request.method != "POST":
        return _wagtail_password_reset(request)
    address = request.POST.get("email", "")
    limits = [
        ("password-reset-client", settings.PASSWORD_RESETS_PER_CLIENT, None),
        ("password-reset-address", settings.PASSWORD_RESETS_PER_ADDRESS, address),
    ]
    exceeded = _first_exceeded(request, limits)
    _count(request, limits)
    if exceeded:
        message = _(
            "Zu viele Anfragen zum Zurücksetzen des Passworts. Bitte versuchen Sie es "
            "in %(minutes)s Minuten erneut."
        ) % {"minutes": throttle.period_minutes(exceeded)}
        return _too_many(request, "home/admin/too_many_requests.html", message, exceeded)
    return _wagtail_password_reset(request)
