from django.core.management.base import BaseCommand

from home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = (
        "Build the German demo site (home, standard pages, topics, news, …) from the data "
        "in home/demo/. Idempotent: existing pages are kept as they are."
    )

    def handle(self, *args, **options):
        self.stdout.write("Loading demo content …")
        created = DemoBuilder(log=self.stdout.write).build()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} objects created)."))
