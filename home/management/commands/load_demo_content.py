import contextlib
import importlib
import importlib.util
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Page, Site

from home.demo.content import DemoContent, search_index_paused
from home.demo.progress import (
    Progress,
    documents,
    images,
    loggers_quiet,
    pages_in,
    search_entries,
)
from home.demo.translations import available_locales


def demo_modules():
    """The `demo` package of every installed app that has one, in INSTALLED_APPS order."""
    modules = {}
    for app in apps.get_app_configs():
        name = f"{app.name}.demo"
        if importlib.util.find_spec(name) is not None:
            modules[app.label] = importlib.import_module(name)
    return modules


def build_order(modules):
    """App order, except that a module comes after the apps named in its BUILD_AFTER."""
    ordered = []

    def place(label, waiting=()):
        if label in ordered or label not in modules:
            return
        if label in waiting:
            raise ValueError(f"BUILD_AFTER of the demo packages forms a cycle at {label}")
        for before in getattr(modules[label], "BUILD_AFTER", []):
            place(before, (*waiting, label))
        ordered.append(label)

    for label in modules:
        place(label)
    return [modules[label] for label in ordered]


def run(modules, step, *args):
    for module in modules:
        function = getattr(module, step, None)
        if function is not None:
            function(*args)


def build_demo(demo, progress):
    """Build every app's demo content, reporting each stage to `progress`; returns the
    number of objects created."""
    modules = demo_modules()
    in_app_order = list(modules.values())
    in_build_order = build_order(modules)
    # A new translation starts with the German slug and is then renamed; no visitor ever
    # saw the old URL, so no redirect is needed (also not from the saves made on commit).
    with (
        override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False),
        transaction.atomic(),
        search_index_paused(),
    ):
        with progress.stage("Pages (de)", lambda: pages_in("de")):
            run(in_build_order, "build", demo)
            run(in_build_order, "finish", demo)
        progress.line("Images", images())
        progress.line("Documents", documents())
        for locale in available_locales():
            code = locale.language_code
            with progress.stage(f"Translations ({code})", lambda code=code: pages_in(code)):
                run(in_app_order, "translate", demo, locale)
                run(in_build_order, "translate_pages", demo, locale)
    with progress.stage("Search index", search_entries, "entries"):
        if demo.created:
            # Saves made after each translation (on commit) leave the translated parents'
            # child counts (treebeard's numchild) at zero, which hides their children
            # from routing; recount them once everything is committed.
            Page.fix_tree()
            call_command("update_index", verbosity=0, stdout=StringIO())
    return demo.created


def parse_site_address(address):
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"--site-address must be HOST:PORT, not {address!r}.")
    return host, int(port)


def set_site_address(host, port):
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (host, port):
        site.hostname, site.port = host, port
        site.save()


class Command(BaseCommand):
    help = (
        "Build the demo site (home, standard pages, topics, news, strategies, projects and "
        "their translations) from the data in each app's demo/ folder. Idempotent: "
        "existing pages are kept as they are. Shows one line per stage; --verbosity 2 "
        "lists every object and Wagtail's log of each page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-address",
            metavar="HOST:PORT",
            help="Where the demo site runs (e.g. 127.0.0.1:8000, `make run`): the default "
            "site's host and port, the base of the links in mails. Default: unchanged "
            "(localhost:80 on a new site).",
        )

    def handle(self, *args, verbosity, site_address=None, **options):
        address = parse_site_address(site_address) if site_address else None
        if verbosity:
            self.stdout.write("Loading demo content …")
        progress = Progress(self.stdout, verbosity)
        with contextlib.ExitStack() as stack:
            if verbosity < 2:
                stack.enter_context(loggers_quiet())
            created = build_demo(DemoContent(log=progress.detail), progress)
        if address:
            set_site_address(*address)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content ready ({created} objects created): {progress.summary()}."
                )
            )
