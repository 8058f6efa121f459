"""Notices: when a page's significant change goes live in a language, every confirmed
subscription of that language that the page matches gets one notice of it (mailed by
`delivery`). Each change is announced once per language, so that a later publication of
the same page (a minor correction, a translation published again) queues nothing."""

from django.db.models import Q
from django.dispatch import receiver

from home.models.change_notes import change_notes_published

from .models import Announcement, Notice, Subscription
from .targets import TargetKind


@receiver(change_notes_published)
def queue_notices(sender, page, **kwargs):
    language = page.locale.language_code
    notes = list(page.change_notes.filter(locale_id=page.locale_id))
    announced = set(
        Announcement.objects.filter(
            language=language, note_key__in=[note.translation_key for note in notes]
        ).values_list("note_key", flat=True)
    )
    new_notes = [note for note in notes if note.translation_key not in announced]
    if not new_notes:
        return
    Announcement.objects.bulk_create(
        [Announcement(note_key=note.translation_key, language=language) for note in new_notes],
        ignore_conflicts=True,
    )
    Notice.objects.bulk_create(
        [
            Notice(
                subscription_id=subscription_id,
                page_id=page.pk,
                note_key=note.translation_key,
                note=note.note,
                date=note.date,
            )
            for subscription_id in matching_subscriptions(page, language)
            for note in new_notes
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def matching_subscriptions(page, language):
    """The ids of the confirmed subscriptions in this language that the page belongs to:
    its targets (`subscription_keys()`) and the stored catalogue queries it matches."""
    confirmed = Subscription.objects.filter(language=language, confirmed_at__isnull=False)
    ids = set()
    targets = Q()
    for kind, key in getattr(page, "subscription_keys", list)():
        targets |= Q(kind=kind, key=key)
    if targets:
        ids.update(confirmed.filter(targets).values_list("pk", flat=True))
    matches_query = getattr(page, "matches_subscription_query", None)
    if matches_query:
        queries = confirmed.filter(kind=TargetKind.CATALOGUE)
        for key in set(queries.values_list("key", flat=True)):
            if matches_query(key):
                ids.update(queries.filter(key=key).values_list("pk", flat=True))
    return ids
