"""The benchmarks' corpora: a generator of German text about the communes' e-government
(shared with the search benchmark), corpus building without indexing every page as it is
created, and the site benchmark's corpus."""

import datetime
import logging
import time
import uuid
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from modelsearch import signal_handlers
from modelsearch.index import get_indexed_models
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import HomePage, SiteSettings, Topic
from news.models import NewsIndexPage, NewsPage
from search import signals
from strategy.models import (
    ProjectIndexPage,
    ProjectPage,
    ProjectStatus,
    StrategyIndexPage,
    StrategyPage,
)
from tests.benchmarks.bulk_pages import BulkPageWriter, index_pages

SUBJECTS = [
    "Die Gemeinde",
    "Der Kanton",
    "Der Verband Luzerner Gemeinden",
    "Die Fachstelle E-Government",
    "Die Einwohnerkontrolle",
    "Das Steueramt",
    "Die Gemeindeverwaltung",
    "Die Bauverwaltung",
    "Der Gemeinderat",
    "Die Sozialhilfe",
]
VERBS = [
    "digitalisiert",
    "vereinfacht",
    "prüft",
    "erneuert",
    "veröffentlicht",
    "betreibt",
    "plant",
    "beschafft",
    "koordiniert",
    "misst",
]
OBJECTS = [
    "die Steuererklärung im Internet",
    "den elektronischen Umzug",
    "die Baubewilligung",
    "das Grundbuch",
    "den Onlineschalter",
    "die Schnittstellen zu den Fachapplikationen",
    "die Gebühren der Ämter",
    "den Datenschutz",
    "die Informationssicherheit",
    "den Abfallkalender",
    "die Gemeindeversammlung",
    "die E-ID",
    "die Archivierung der Akten",
    "die Zustellung der Stimmunterlagen",
    "die Geschäftsverwaltung",
]
DETAILS = [
    "für alle Einwohnerinnen und Einwohner",
    "gemeinsam mit dem Kanton",
    "in mehreren Gemeinden",
    "nach der Vernehmlassung",
    "im Rahmen der Digitalstrategie",
    "mit einem neuen Portal",
    "bis Ende Jahr",
    "als Pilotprojekt",
]


def sentence(rng):
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(DETAILS)}."
    )


def text(rng, sentences):
    return " ".join(sentence(rng) for _ in range(sentences))


def settle_database():
    """What autovacuum does on a live PostgreSQL database soon after a bulk write:
    statistics, and the GIN indexes' pending entries merged. Measured right after the
    build, the planner prices the full-text indexes high without them and reads every
    index entry instead (searches twice as slow at 10,000 pages). Seconds taken; SQLite
    has nothing to settle (its plans use no statistics)."""
    if connection.vendor != "postgresql":
        return 0.0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def no_automatic_indexing():
    """The corpus is indexed once, by the measured full build, not page by page."""
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)  # no line per created page
    models = get_indexed_models()
    for model in models:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)
    signals.disconnect()
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        signal_handlers.register_signal_handlers()
        signals.connect()
        wagtail_log.setLevel(level)  # a test process goes on after a corpus


# The site benchmark's corpus: a German site and its French translation.

TOPICS = ("E-Government", "Digitalisierung", "Steuern", "Informatik")
INDEXES = (
    ("news", NewsIndexPage, "aktuelles"),
    ("projects", ProjectIndexPage, "projekte"),
    ("strategies", StrategyIndexPage, "strategie"),
)


def translation_of(source):
    """The fields that make an object the translation of `source` (None: a source)."""
    return {"translation_key": source.translation_key} if source else {}


def build_site_corpus(rng, news, projects, strategies, stages=None):
    """Replace every page by a corpus of that many news, projects and strategy pages in
    German and French, written in bulk (tests/benchmarks/bulk_pages.py) and indexed;
    return the page counts and the measured URLs. `stages`, a dict, receives the seconds
    of each stage of the build."""
    stages = {} if stages is None else stages
    clock = Stopwatch(stages)
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    Topic.objects.all().delete()
    locales = [Locale.objects.get_or_create(language_code=code)[0] for code in ("de", "fr")]
    now = timezone.now()
    published = {"first_published_at": now, "last_published_at": now}
    counts = {"news": 0, "projects": 0, "strategies": 0, "other": 0}
    with no_automatic_indexing(), transaction.atomic():
        indexes, topics = site_frame(root, locales, published, counts)
        clock.lap("site frame")
        writer = BulkPageWriter(now)
        for kind, model, total in (
            ("strategies", StrategyPage, strategies),
            ("projects", ProjectPage, projects),
            ("news", NewsPage, news),
        ):
            for number in range(total):
                add_translated_page(rng, writer, kind, model, number, locales, indexes, topics)
                counts[kind] += len(locales)
        writer.finish()
        index_pages({type(page): [page.pk] for page in site_pages(indexes)})
        clock.lap("pages, revisions and search index")
    stages["of which search index"] = round(writer.index_seconds, 1)
    return counts, measured_paths(locales[0])


class Stopwatch:
    """Seconds since the last lap, stored under the lap's name."""

    def __init__(self, laps):
        self.laps = laps
        self.started = time.perf_counter()

    def lap(self, name):
        now = time.perf_counter()
        self.laps[name] = round(now - self.started, 1)
        self.started = now


def site_pages(indexes):
    """The home and index pages, specific."""
    pages = list(indexes.values())
    return pages + [page.get_parent().specific for page in pages[:: len(INDEXES)]]


def site_frame(root, locales, published, counts):
    """A home page per language with the three index pages below it, and four topics."""
    homes, indexes, topics = {}, {}, {}
    for locale in locales:
        code = locale.language_code
        homes[code] = home = root.add_child(
            instance=HomePage(
                title="Start" if code == "de" else "Accueil",
                slug=f"home-{code}",
                locale=locale,
                **translation_of(homes.get("de")),
                **published,
            )
        )
        for kind, model, slug in INDEXES:
            indexes[(code, kind)] = home.add_child(
                instance=model(
                    title=slug.capitalize(),
                    slug=slug,
                    locale=locale,
                    **translation_of(indexes.get(("de", kind))),
                    **published,
                )
            )
            counts["other"] += 1
        counts["other"] += 1
        topics[code] = [
            Topic.objects.create(
                name=name,
                slug=name.lower(),
                locale=locale,
                **translation_of(topics["de"][number] if code != "de" else None),
            )
            for number, name in enumerate(TOPICS)
        ]
    site, _created = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": homes["de"], "hostname": "localhost", "port": 80},
    )
    # As on a configured site: else the first request creates them, which starts a new
    # content version, and the second request (whose queries are counted) recomputes all.
    SiteSettings.for_site(site)
    return indexes, topics


def page_fields(rng, model, kind, number):
    """The fields of one page of the corpus, in German (the French translation has the
    same). The one place where the corpus sets a model's fields."""
    fields = {
        "title": f"{rng.choice(OBJECTS).split(' ', 1)[1].capitalize()} {number}",
        "slug": f"{kind[0]}{number}",
    }
    if model is NewsPage:
        # Ten news a day, back from today: listings sort by date.
        date = timezone.localdate() - datetime.timedelta(days=number // 10)
        fields.update(date=date, teaser=sentence(rng), body=paragraph(rng, 6))
    elif model is ProjectPage:
        fields.update(
            teaser=sentence(rng), status=rng.choice(ProjectStatus.values), body=paragraph(rng, 8)
        )
    else:
        fields.update(summary=text(rng, 3), body=paragraph(rng, 10))
    return fields


def add_translated_page(rng, writer, kind, model, number, locales, indexes, topics):
    """One page of this kind in German and its French translation (same translation
    key), on two of the topics, queued in the bulk writer."""
    fields = page_fields(rng, model, kind, number)
    topic_numbers = rng.sample(range(len(TOPICS)), 2)
    key = uuid.uuid4()
    for locale in locales:
        code = locale.language_code
        page = model(
            locale=locale,
            translation_key=key,
            first_published_at=writer.now,
            last_published_at=writer.now,
            **fields,
        )
        links = {"topics": [topics[code][n] for n in topic_numbers]}
        writer.add(indexes[(code, kind)], page, links if hasattr(page, "topics") else None)


def paragraph(rng, sentences):
    return [("paragraph", RichText(f"<p>{text(rng, sentences)}</p>"))]


def measured_paths(german):
    """The URL of each page type that the benchmark loads."""
    news = NewsPage.objects.filter(locale=german).order_by("pk")
    projects = ProjectPage.objects.filter(locale=german).order_by("pk")
    one_news = news[news.count() // 2]
    one_project = projects[projects.count() // 2]
    some_status = projects.values_list("status", flat=True).first()
    return {
        "home page": "/de/",
        "news index": "/de/aktuelles/",
        "news page": one_news.url,
        "catalogue, two filters": f"/de/projekte/?status={some_status}&topic=steuern",
        "project page": one_project.url,
        "search page": "/de/suche/?q=Steuererkl%C3%A4rung",
        "API news listing": "/api/v2/pages/?type=news.NewsPage&locale=de",
        "API project": f"/api/v2/pages/{one_project.pk}/",
    }
