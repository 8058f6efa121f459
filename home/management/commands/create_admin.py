import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' with a random password (printed once) unless a "
        "superuser exists. There is no default password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing is not None:
            name = existing.get_username()
            self.stdout.write(
                f"  Login:  user '{name}' (password forgotten? "
                f".venv/bin/python manage.py changepassword {name})"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"  Login:  user '{username}', password '{password}' (shown only now; "
                f"change it: .venv/bin/python manage.py changepassword {username})"
            )
        )
