import importlib
import importlib.util

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Page

from home.demo.content import DemoContent, search_index_paused
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


def build_demo(demo):
    modules = demo_modules()
    in_app_order = list(modules.values())
    in_build_order = build_order(modules)
    with transaction.atomic(), search_index_paused():
        run(in_build_order, "build", demo)
        run(in_build_order, "finish", demo)
        # A new translation starts with the German slug and is then renamed; no visitor
        # ever saw the old URL, so no redirect is needed.
        with override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False):
            for locale in available_locales():
                demo.log(f"  Übersetzung {locale.language_code} …")
                run(in_app_order, "translate", demo, locale)
                run(in_build_order, "translate_pages", demo, locale)
    if demo.created:
        # Saves made after each translation (on commit) leave the translated parents'
        # child counts (treebeard's numchild) at zero, which hides their children from
        # routing; recount them once everything is committed.
        Page.fix_tree()
        call_command("update_index", verbosity=0)
    return demo.created


class Command(BaseCommand):
    help = (
        "Build the demo site (home, standard pages, topics, news, strategies, projects and "
        "their translations) from the data in each app's demo/ folder. Idempotent: "
        "existing pages are kept as they are."
    )

    def handle(self, *args, **options):
        self.stdout.write("Loading demo content …")
        created = build_demo(DemoContent(log=self.stdout.write))
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} objects created)."))
