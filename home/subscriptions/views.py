"""Subscribe, confirm, manage, unsubscribe. Pages and mails link here with signed tokens
(tokens.py); a changed, unknown or expired link gets a page that says so (400), never a
500."""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from home import throttle
from home.visibility import is_live_public

from . import signup, tokens
from .forms import HONEYPOT_FIELD, FrequencyForm, SubscribeForm
from .models import Subscriber, Subscription
from .targets import offered_target


def message_page(request, message):
    context = {"title": _("Abonnements"), "message": message}
    return render(request, "home/message.html", context, status=400)


def invalid_link(request):
    message = _(
        "Dieser Link ist ungültig oder abgelaufen. Bestätigungslinks gelten %(days)s Tage; "
        "Sie können das Abonnement auf der Seite, die Sie interessiert, neu bestellen."
    ) % {"days": settings.SUBSCRIPTION_CONFIRM_DAYS}
    return message_page(request, message)


def unknown_target(request):
    message = _(
        "Dieses Abonnement gibt es nicht. Bitte bestellen Sie es auf der Seite, die Sie "
        "interessiert."
    )
    return message_page(request, message)


def posted_target(form_data):
    """The target of the page and query string the form names, or None."""
    try:
        page_id = int(form_data.get("page", ""))
    except ValueError:
        return None
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None or not is_live_public(page):
        return None
    query = QueryDict(
        form_data.get("query", "")[: SubscribeForm.declared_fields["query"].max_length]
    )
    try:
        target = offered_target(page, query)
    except Http404:
        return None
    return (target, page.locale.language_code) if target else None


# The form sits on pages the page cache stores, which carry no CSRF token; a forged post
# can only ask for a confirmation mail, which the address owner must follow.
@csrf_exempt
@require_POST
@never_cache
def subscribe(request):
    found = posted_target(request.POST)
    if found is None:
        return unknown_target(request)
    target, language = found
    if not throttle.allow(request, "subscribe", settings.SUBSCRIBE_RATE_LIMIT):
        message = _(
            "Von Ihrem Anschluss sind in kurzer Zeit viele Anmeldungen eingegangen. Bitte "
            "versuchen Sie es in %(minutes)s Minuten noch einmal."
        ) % {"minutes": throttle.period_minutes(settings.SUBSCRIBE_RATE_LIMIT)}
        response = render(request, "home/too_many_attempts.html", {"message": message}, status=429)
        response["Retry-After"] = str(throttle.period_minutes(settings.SUBSCRIBE_RATE_LIMIT) * 60)
        return response
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "target": target}
        return render(request, "home/subscriptions/subscribe.html", context, status=400)
    email = form.cleaned_data["email"].lower()
    # Bots (the hidden field filled) and more mails to one address than the limit allows
    # get the same answer as everyone, and no mail.
    if not form.cleaned_data[HONEYPOT_FIELD] and throttle.allow(
        request, "subscribe-address", settings.SUBSCRIBE_ADDRESS_RATE_LIMIT, target=email
    ):
        signup.request_subscription(email, target, language, form.cleaned_data["frequency"])
    return HttpResponseRedirect(reverse("subscription_requested"), status=303)


@never_cache
def requested(request):
    context = {"valid_days": settings.SUBSCRIPTION_CONFIRM_DAYS}
    return render(request, "home/subscriptions/requested.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    try:
        subscription_id = tokens.confirmed_subscription_id(token)
    except signing.BadSignature:
        return invalid_link(request)
    if request.method == "GET":
        exists = Subscription.objects.filter(pk=subscription_id).exists()
        if not exists:
            return invalid_link(request)
        return render(request, "home/subscriptions/confirm.html")
    subscription = signup.confirm(subscription_id)
    if subscription is None:
        return invalid_link(request)
    token = tokens.manage_token(subscription.subscriber)
    return HttpResponseRedirect(
        reverse("subscription_manage", args=[token]) + "?bestaetigt=1", status=303
    )


def managed(token):
    try:
        return tokens.managed_subscriber(token, Subscriber.objects.all())
    except signing.BadSignature:
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """All subscriptions of one address: change how often, end one or all."""
    subscriber = managed(token)
    if subscriber is None:
        return invalid_link(request)
    if request.method == "POST":
        return change(request, subscriber, token)
    subscriptions = subscriber.subscriptions.filter(confirmed_at__isnull=False).order_by("label")
    context = {
        "subscriber": subscriber,
        "subscriptions": [
            (
                s,
                FrequencyForm(
                    initial={"subscription": s.pk, "frequency": s.frequency},
                    auto_id=f"id_%s_{s.pk}",
                ),
            )
            for s in subscriptions
        ],
        "confirmed": request.GET.get("bestaetigt") == "1",
        "changed": request.GET.get("geaendert") == "1",
    }
    return render(request, "home/subscriptions/manage.html", context)


def change(request, subscriber, token):
    action = request.POST.get("action")
    subscriptions = subscriber.subscriptions.all()
    if action == "delete_all":
        count = subscriptions.count()
        subscriber.delete()
        return render(request, "home/subscriptions/unsubscribed.html", {"count": count})
    form = FrequencyForm(request.POST)
    if not form.is_valid() or action not in ("frequency", "delete"):
        return invalid_request(request)
    subscription = subscriptions.filter(pk=form.cleaned_data["subscription"]).first()
    if subscription is None:
        return invalid_request(request)
    if action == "delete":
        subscription.delete()
    else:
        subscription.frequency = form.cleaned_data["frequency"]
        subscription.save(update_fields=["frequency"])
    url = reverse("subscription_manage", args=[token]) + "?geaendert=1"
    return HttpResponseRedirect(url, status=303)


def invalid_request(request):
    message = _(
        "Diese Änderung ist nicht möglich. Bitte laden Sie die Seite neu und versuchen Sie "
        "es noch einmal."
    )
    return message_page(request, message)


# Mail programs post here without a session or token (RFC 8058 one-click unsubscribe).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (a link opened by a scanner ends nothing), POST ends the subscriptions the
    mail was about."""
    try:
        ids = tokens.unsubscribed_ids(token)
    except signing.BadSignature:
        return invalid_link(request)
    subscriptions = Subscription.objects.filter(pk__in=ids)
    if request.method == "GET":
        context = {"subscriptions": subscriptions.order_by("label")}
        return render(request, "home/subscriptions/unsubscribe.html", context)
    count = len(subscriptions)
    subscriber_ids = set(subscriptions.values_list("subscriber_id", flat=True))
    subscriptions.delete()
    Subscriber.objects.filter(pk__in=subscriber_ids, subscriptions__isnull=True).delete()
    return render(request, "home/subscriptions/unsubscribed.html", {"count": count})
