"""What a handler's change means for the submitter: a new status goes into the status
history, and a new status or answer sends one mail with the status link (through the
outbox, in the transaction of the change: Feedback.save). A change of a published idea is a
change of the site's content (the page cache and what processes remember)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from home.cache.signals import content_changed
from home.feedback.models import Feedback, FeedbackStatusChange
from home.feedback.notifications import queue_status_mail


@receiver(post_save, sender=Feedback)
def record_update(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # loading fixtures
    if instance.published or getattr(instance, "stored_published", False):
        content_changed()  # the list of ideas and the pages they went into show it
    instance.stored_published = instance.published
    before = None if created else getattr(instance, "stored_state", None)
    now = instance.public_state()
    instance.stored_state = now
    if created:
        FeedbackStatusChange.objects.create(
            feedback=instance, status=instance.status, at=instance.created_at
        )
        return
    if before is None or before == now or instance.anonymised_at:
        return
    if before[0] != now[0]:
        FeedbackStatusChange.objects.create(feedback=instance, status=instance.status)
    if instance.status_mails and instance.email:
        queue_status_mail(instance, new_answer=before[1] != now[1] and bool(now[1]))
