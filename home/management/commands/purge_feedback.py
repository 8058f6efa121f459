import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from home.feedback.notifications import queue_retention_warning
from home.models import Feedback, HelpfulnessVote


class Command(BaseCommand):
    help = (
        "Warn the department about open feedback submissions that reach FEEDBACK_RETENTION_DAYS "
        "within FEEDBACK_RETENTION_WARNING_DAYS, and anonymise (or with --delete, delete) "
        "submissions past it: closed ones at once, open ones once warned that long before. "
        "Name, role, email, subject, message and internal notes go; category, commune, "
        'project, status and dates stay for statistics. Comments of "War diese Seite '
        'hilfreich?" votes older than FEEDBACK_RETENTION_DAYS are blanked; the votes stay. '
        "Idempotent: run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.FEEDBACK_RETENTION_DAYS,
            help=f"Retention period in days (default {settings.FEEDBACK_RETENTION_DAYS}).",
        )
        parser.add_argument("--delete", action="store_true", help="Delete instead.")
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args, older_than_days, delete, dry_run, **options):
        self.blank_helpfulness_comments(older_than_days, dry_run)
        warning_days = min(settings.FEEDBACK_RETENTION_WARNING_DAYS, older_than_days)
        self.warn(older_than_days, warning_days, dry_run)
        expired = Feedback.objects.past_retention(
            older_than_days, warning_days, include_anonymised=delete
        )
        action = "delete" if delete else "anonymise"
        count = expired.count()
        self.stdout.write(f"{count} submissions older than {older_than_days} days to {action}.")
        if dry_run or not count:
            return
        if delete:
            expired.delete()
        else:
            expired.anonymise()
        self.stdout.write(self.style.SUCCESS(f"Done: {count} submissions {action}d."))

    def warn(self, older_than_days, warning_days, dry_run):
        due = Feedback.objects.due_for_retention_warning(older_than_days, warning_days)
        submissions = list(due.order_by("created_at"))
        self.stdout.write(f"{len(submissions)} open submissions to warn about.")
        if dry_run or not submissions:
            return
        # Not before the warning is `warning_days` old (Feedback.objects.past_retention).
        earliest = timezone.localdate() + datetime.timedelta(days=warning_days)
        retention = datetime.timedelta(days=older_than_days)
        dated = [
            (feedback, max(earliest, timezone.localdate(feedback.created_at) + retention))
            for feedback in submissions
        ]
        with transaction.atomic():  # the mail is queued and the warning recorded together
            if not queue_retention_warning(dated):
                self.stdout.write(
                    self.style.WARNING("No department address in the site settings: no mail.")
                )
            due.filter(pk__in=[f.pk for f in submissions]).update(
                retention_warning_sent_at=timezone.now()
            )

    def blank_helpfulness_comments(self, older_than_days, dry_run):
        expired = HelpfulnessVote.objects.comments_past_retention(older_than_days)
        count = expired.count()
        self.stdout.write(
            f"{count} helpfulness comments older than {older_than_days} days to blank."
        )
        if count and not dry_run:
            expired.blank_comments()
