from django.core.management.base import BaseCommand

from home.subscriptions.delivery import send_notices
from home.subscriptions.models import Frequency
from home.subscriptions.signup import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Put the mails about published changes into the outbox: one per subscriber for "
        "the immediate subscriptions, with --weekly the digests. Safe to run again after a "
        "failure: what was queued is not queued again. Also deletes unconfirmed "
        "subscriptions older than SUBSCRIPTION_CONFIRM_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--weekly", action="store_true", help="Send the weekly digests (cron: once a week)."
        )

    def handle(self, *args, weekly=False, **options):
        purged = purge_unconfirmed()
        frequency = Frequency.WEEKLY if weekly else Frequency.IMMEDIATELY
        mails = send_notices(frequency)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{mails} mails ({frequency}) queued; {purged} unconfirmed subscriptions deleted."
            )
