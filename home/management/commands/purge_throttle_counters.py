from django.core.management.base import BaseCommand

from home import throttle


class Command(BaseCommand):
    help = (
        "Delete the counters of the attempt limits (home/throttle.py: feedback posts, "
        "logins, page passwords, password-reset mails) whose window has ended. Idempotent."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{throttle.purge()} ended throttle windows deleted.")
