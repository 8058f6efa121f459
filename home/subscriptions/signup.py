"""Subscribing: every request ends in one mail to the address and the same answer on the
page, whether the address is new, waiting for confirmation or already subscribed — the
answer never tells a visitor what someone else has subscribed to."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.mail import queue_mail

from . import tokens
from .models import Subscriber, Subscription


@transaction.atomic
def request_subscription(email, target, language, frequency):
    """Store the subscription (unconfirmed if new) and queue the mail that confirms it, or
    that tells the owner it already exists."""
    subscriber, _created = Subscriber.objects.get_or_create(email=email.lower())
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber,
        language=language,
        kind=target.kind,
        key=target.key,
        defaults={"label": target.label, "url": target.url, "frequency": frequency},
    )
    if subscription.confirmed_at:
        # Confirmed before: a frequency is only changed on the management page.
        queue_mail(
            "home/emails/subscription_exists",
            {"subscription": subscription, "manage_url": manage_url(subscriber, language)},
            to=subscriber.email,
            language=language,
        )
        return
    if not created:
        # Asked again before confirming: a fresh week to confirm, the latest choices.
        subscription.label, subscription.url = target.label, target.url
        subscription.frequency = frequency
        subscription.created_at = timezone.now()
        subscription.save(update_fields=["label", "url", "frequency", "created_at"])
    queue_mail(
        "home/emails/subscription_confirm",
        {
            "subscription": subscription,
            "confirm_url": tokens.absolute_url(
                "subscription_confirm", tokens.confirm_token(subscription), language
            ),
            "valid_days": settings.SUBSCRIPTION_CONFIRM_DAYS,
        },
        to=subscriber.email,
        language=language,
    )


def confirm(subscription_id):
    """Confirm the subscription; None if it is gone (purged or unsubscribed)."""
    subscription = (
        Subscription.objects.select_related("subscriber").filter(pk=subscription_id).first()
    )
    if subscription and not subscription.confirmed_at:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def manage_url(subscriber, language, root=None):
    token = tokens.manage_token(subscriber)
    return tokens.absolute_url("subscription_manage", token, language, root)


def purge_unconfirmed(now=None):
    """Delete subscriptions not confirmed within SUBSCRIPTION_CONFIRM_DAYS, and addresses
    left without any subscription. Returns the number of subscriptions deleted."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    deleted, _by_model = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    Subscriber.objects.filter(subscriptions__isnull=True).delete()
    return deleted
