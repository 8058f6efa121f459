from django.conf import settings
from django.core.management.base import BaseCommand

from home.models import Feedback


class Command(BaseCommand):
    help = (
        "Anonymise (or with --delete, delete) closed feedback submissions received more than "
        "FEEDBACK_RETENTION_DAYS ago: name, role, email, subject, message and internal notes "
        "go; category, commune, project, status and dates stay for statistics. Idempotent."
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
        expired = Feedback.objects.past_retention(older_than_days, include_anonymised=delete)
        action = "delete" if delete else "anonymise"
        count = expired.count()
        self.stdout.write(
            f"{count} closed submissions older than {older_than_days} days to {action}."
        )
        if dry_run or not count:
            return
        if delete:
            expired.delete()
        else:
            expired.anonymise()
        self.stdout.write(self.style.SUCCESS(f"Done: {count} submissions {action}d."))
