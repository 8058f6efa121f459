from django.conf import settings
from django.core.management.base import BaseCommand

from search.log import purge


class Command(BaseCommand):
    help = (
        "Delete search-log entries (and the admin report's daily counts) older than "
        "SEARCH_LOG_RETENTION_DAYS, and the report's queries left without counts or "
        "promotions. Idempotent; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.SEARCH_LOG_RETENTION_DAYS,
            help=f"Retention period in days (default {settings.SEARCH_LOG_RETENTION_DAYS}).",
        )

    def handle(self, *args, older_than_days, **options):
        deleted = purge(older_than_days)
        self.stdout.write(
            f"{deleted} search-log entries older than {older_than_days} days deleted."
        )
