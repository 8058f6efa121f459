"""The signed links in the mails: no account, no password, nothing stored. A link names
what it acts on and cannot be changed to act on something else (Django's signing with a
salt per kind of link); the confirmation link expires."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from home.mail import site_root

CONFIRM_SALT = "subscriptions.confirm"
MANAGE_SALT = "subscriptions.manage"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


def confirm_token(subscription):
    return signing.dumps(subscription.pk, salt=CONFIRM_SALT, compress=True)


def confirmed_subscription_id(token):
    """The subscription a confirmation link names; BadSignature (including
    SignatureExpired) when it was changed or is older than SUBSCRIPTION_CONFIRM_DAYS."""
    return signing.loads(
        token, salt=CONFIRM_SALT, max_age=settings.SUBSCRIPTION_CONFIRM_DAYS * 24 * 3600
    )


def manage_token(subscriber):
    # The creation time makes the link of a deleted subscriber useless for a later one.
    return signing.dumps([subscriber.pk, int(subscriber.created_at.timestamp())], salt=MANAGE_SALT)


def managed_subscriber(token, queryset):
    """The subscriber a management link names, or None; BadSignature when changed."""
    pk, created = signing.loads(token, salt=MANAGE_SALT)
    subscriber = queryset.filter(pk=pk).first()
    if subscriber and int(subscriber.created_at.timestamp()) == created:
        return subscriber
    return None


def unsubscribe_token(subscription_ids):
    return signing.dumps(sorted(subscription_ids), salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribed_ids(token):
    ids = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        raise signing.BadSignature("not a list of subscriptions")
    return ids


def absolute_url(view_name, token, language, root=None):
    """The full address of a link in a mail, in the subscriber's language (`root`: the
    site_root() of a run that sends many mails)."""
    with translation.override(language):
        path = reverse(view_name, args=[token])
    return (root or site_root()) + path
