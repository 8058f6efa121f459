"""The notice mails: one per subscriber, language and run, listing every change waiting
for them once, put into the outbox (home/mail.py) in the transaction that marks the
notices sent. A run that stops half-way leaves the rest waiting for the next one; nothing
is queued twice, and the outbox retries what a mail server refused."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from home.mail import queue_mail, site_root

from . import tokens
from .models import Frequency, Notice
from .signup import manage_url


@dataclass
class RunLinks:
    """Looked up once per run: the site's root for the links, the pages' addresses."""

    root: str
    pages: dict = field(default_factory=dict)


def send_notices(frequency):
    """Queue the mails of all waiting notices of subscriptions with this frequency;
    returns the number of mails."""
    waiting = Notice.objects.filter(
        sent_at__isnull=True,
        subscription__frequency=frequency,
        subscription__confirmed_at__isnull=False,
    )
    recipients = (
        waiting.order_by()
        .values_list("subscription__subscriber_id", "subscription__language")
        .distinct()
    )
    links = RunLinks(site_root())
    mails = 0
    for subscriber_id, language in list(recipients):
        mails += send_one(
            waiting.filter(
                subscription__subscriber_id=subscriber_id, subscription__language=language
            ),
            language,
            frequency,
            links,
        )
    return mails


@transaction.atomic
def send_one(notices, language, frequency, links):
    """One mail with these notices (locked, so that a parallel run skips them)."""
    notices = list(
        notices.select_for_update(skip_locked=True, of=("self",))
        .select_related("subscription__subscriber", "page")
        .order_by("-date", "pk")
    )
    if not notices:
        return 0
    subscriber = notices[0].subscription.subscriber
    subscriptions = {notice.subscription_id: notice.subscription for notice in notices}
    unsubscribe_url = tokens.absolute_url(
        "subscription_unsubscribe", tokens.unsubscribe_token(subscriptions), language, links.root
    )
    queue_mail(
        "home/emails/subscription_notice",
        {
            "changes": changes(notices, links),
            "subscriptions": sorted(subscriptions.values(), key=lambda s: s.label),
            "digest": frequency == Frequency.WEEKLY,
            "manage_url": manage_url(subscriber, language, links.root),
            "unsubscribe_url": unsubscribe_url,
        },
        to=subscriber.email,
        language=language,
        headers={
            # One click in the mail program ends these subscriptions (RFC 8058).
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(sent_at=timezone.now())
    return 1


def changes(notices, links):
    """Each change once, newest first, even when several subscriptions matched it."""
    seen, listed = set(), []
    for notice in notices:
        if notice.note_key in seen:
            continue
        seen.add(notice.note_key)
        if notice.page_id not in links.pages:
            links.pages[notice.page_id] = notice.page.get_full_url()
        listed.append(
            {
                "title": notice.page.title,
                "url": links.pages[notice.page_id],
                "note": notice.note,
                "date": notice.date,
            }
        )
    return listed
