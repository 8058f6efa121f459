from django.core.management.base import BaseCommand

from home.feedback.notifications import notify
from home.models import Feedback


class Command(BaseCommand):
    help = (
        "Send the mails of feedback submissions that could not be sent yet (mail server "
        "down, no department address). Safe to run often, e.g. every 10 minutes from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=2,
            help="Leave newer submissions alone: their request may still be sending (2).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=50,
            help="Give up on a submission after this many attempts (50); the admin shows it.",
        )

    def handle(self, *args, min_age_minutes, max_attempts, **options):
        pending = Feedback.objects.due_for_retry(min_age_minutes, max_attempts)
        ids = list(pending.order_by("pk").values_list("pk", flat=True))
        self.stdout.write(f"{len(ids)} submissions with pending mails.")
        failed = sum(not notify(pk) for pk in ids)
        style = self.style.WARNING if failed else self.style.SUCCESS
        self.stdout.write(style(f"Sent: {len(ids) - failed}, still pending: {failed}."))
