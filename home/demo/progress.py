"""What `load_demo_content` shows while it builds: one line per stage with its count and a
summary at the end. Wagtail's own log of every page saved, published or copied and of every
redirect ("Page edited …", "1/1 … were created successfully.") is kept for verbosity 2."""

import logging
import time
from contextlib import contextmanager

from django.db.models import Count
from modelsearch.index import get_indexed_models
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

# The loggers that report each page and redirect (wagtail.models.pages, the redirects'
# signal handlers, wagtail-localize's tree sync) at INFO.
PER_OBJECT_LOGGERS = ["wagtail", "wagtail_localize"]


@contextmanager
def loggers_quiet(names=PER_OBJECT_LOGGERS, level=logging.WARNING):
    """Raise these loggers to `level` for the duration, then put their levels back."""
    saved = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, previous in saved.items():
            logging.getLogger(name).setLevel(previous)


def pages_per_language():
    """Pages below the root node per language code, German first."""
    counts = dict(
        Page.objects.filter(depth__gt=1)
        .order_by()
        .values_list("locale__language_code")
        .annotate(n=Count("pk"))
        .values_list("locale__language_code", "n")
    )
    return dict(sorted(counts.items(), key=lambda item: (item[0] != "de", item[0])))


def pages_in(language_code):
    return Page.objects.filter(depth__gt=1, locale__language_code=language_code).count()


def images():
    return get_image_model().objects.count()


def documents():
    return get_document_model().objects.count()


def search_entries():
    """Objects in the search index (each model's indexed objects; the site's page types
    index their own pages, Wagtail's Page only the plain ones)."""
    return sum(model.get_indexed_objects().count() for model in get_indexed_models())


class Progress:
    """Writes `label … count` per stage to a management command's stdout. At verbosity 1
    the label comes first and the count when the stage is done; at verbosity 2 the
    stage's detail lines come in between, so the count gets a line of its own."""

    def __init__(self, stdout, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.started = time.monotonic()

    def detail(self, message):
        if self.verbosity >= 2:
            self.stdout.write(message)

    @contextmanager
    def stage(self, label, count, unit=""):
        """Run the stage's body, then show `count()` (a number) after the label."""
        if self.verbosity >= 2:
            self.stdout.write(f"{label} …")
        elif self.verbosity == 1:
            self.stdout.write(f"  {label} … ", ending="")
            self.stdout.flush()
        yield
        self.result(label, count(), unit)

    def result(self, label, number, unit=""):
        text = f"{number} {unit}".rstrip()
        if self.verbosity >= 2:
            self.stdout.write(f"  {label}: {text}")
        elif self.verbosity == 1:
            self.stdout.write(text)

    def line(self, label, number, unit=""):
        """A count that needs no stage of its own."""
        if self.verbosity >= 1:
            self.stdout.write(f"  {label} … {number} {unit}".rstrip())

    def elapsed(self):
        return round(time.monotonic() - self.started)

    def summary(self):
        languages = ", ".join(f"{code} {n}" for code, n in pages_per_language().items())
        return f"pages {languages}; {images()} images, {documents()} documents; {self.elapsed()} s"
