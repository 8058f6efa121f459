"""Benchmark of the search: `make bench-search`, or
`.venv/bin/python -m tests.benchmarks.search --pages 5000 --rounds 5`.

Not a test. Builds a corpus of German pages (5 000 by default) in a throwaway SQLite
database (a file in a temporary folder, created and migrated like the test database,
deleted at the end), then for the database backend and, if one is configured
(OPENSEARCH_URL, or --node-url), the search node (throwaway index prefix, deleted at the
end):

- the time of a full index build (`update_index` of that backend),
- the latency of a fixed list of German queries, in-process without HTTP, as the search
  page runs them (search/service.py: ranked hits, facets, promotions, snippets of the
  first result page), p50 and p95 over all queries and rounds.

The configured database is never touched.
"""

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone
from opensearchpy import OpenSearch
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage, Topic
from news.models import NewsIndexPage, NewsPage
from search import service
from search.backends import (
    FALLBACK,
    OPENSEARCH_BACKEND,
    cluster_backend,
    database_backend,
    split_urls,
)
from search.cluster import get_backend
from strategy.models import ProjectIndexPage, ProjectPage, ProjectStatus
from tests.benchmarks.corpus import (
    OBJECTS,
    no_automatic_indexing,
    percentile,
    sentence,
    text,
)

QUERIES = [
    "Gemeinde",
    "Gemeinden",
    "Steuererklärung",
    "Steuererklaerung",
    "elektronischer Umzug",
    "Digitalisierung der Verwaltung",
    "Baubewilligung",
    "Einwohnerkontrolle",
    "Datenschutz",
    "Informationssicherheit Gemeinden",
    "Schnittstellen",
    "Gebühren",
    "Ämter",
    "Onlineschalter",
    "Gemeindeversammlung",
    "Abfallkalender",
    "E-ID",
    "Grundbuch",
    "Sozialhilfe Kanton",
    "Projekt Strategie Umsetzung",
]


class BenchmarkError(Exception):
    pass


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.search",
        description="Benchmark: index build time and search latency for a corpus of German pages.",
    )
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds over the queries")
    parser.add_argument("--warmup", type=int, default=3, help="rounds before measuring")
    parser.add_argument("--node-url", default=None, help="default: OPENSEARCH_URL")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--profile", action="store_true", help="print where the searches spend time"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the throwaway database and node indexes for a closer look",
    )
    return vars(parser.parse_args(argv))


def main(argv=None):
    options = parse_arguments(argv)
    if connection.vendor != "sqlite":
        raise BenchmarkError("The benchmark builds a throwaway SQLite database; use SQLite.")
    node_url = options["node_url"] or settings.SEARCH_NODE_URL
    folder = Path(tempfile.mkdtemp(prefix="vlgsite-bench-"))
    connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"Throwaway database: {folder / 'bench.sqlite3'}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        counts = build_corpus(options["pages"], random.Random(options["seed"]))
        parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(
            f"Corpus: {sum(counts.values())} pages ({parts}) "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        rows = [measure("database", {"default": database_backend()}, options)]
        if node_url:
            rows.append(measure_node(node_url, options))
        else:
            print("No search node (OPENSEARCH_URL or --node-url): database only.")
        report(rows, options)
    finally:
        if options["keep"]:
            print(f"Kept: {folder / 'bench.sqlite3'}")
        else:
            connection.creation.destroy_test_db(original_name, verbosity=0)


def build_corpus(pages, rng):
    def paragraphs(*texts):
        return [("paragraph", RichText(f"<p>{t}</p>")) for t in texts]

    german = Locale.objects.get_or_create(language_code="de")[0]
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    published = timezone.now()
    with no_automatic_indexing(), transaction.atomic():
        home = root.add_child(instance=HomePage(title="Start", slug="home", locale=german))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
        topics = [
            Topic.objects.create(name=name, slug=name.lower(), locale=german)
            for name in ("E-Government", "Digitalisierung", "Steuern", "Informatik")
        ]
        news_index = home.add_child(instance=NewsIndexPage(title="Aktuelles", slug="news"))
        projects = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="p"))
        statuses = ProjectStatus.values
        counts = {"news": 0, "projects": 0, "standard pages": 0}
        for number in range(pages - 3):
            kind = number % 10
            title = f"{rng.choice(OBJECTS).split(' ', 1)[1].capitalize()} {number}"
            if kind < 6:
                page = news_index.add_child(
                    instance=NewsPage(
                        title=title,
                        first_published_at=published,
                        last_published_at=published,
                        slug=f"n{number}",
                        teaser=sentence(rng),
                        body=paragraphs(text(rng, 6), text(rng, 6)),
                    )
                )
                page.topics.set(rng.sample(topics, 2))
                counts["news"] += 1
            elif kind < 8:
                page = projects.add_child(
                    instance=ProjectPage(
                        title=title,
                        first_published_at=published,
                        last_published_at=published,
                        slug=f"p{number}",
                        teaser=sentence(rng),
                        status=rng.choice(statuses),
                        body=paragraphs(text(rng, 8)),
                    )
                )
                page.topics.set(rng.sample(topics, 1))
                counts["projects"] += 1
            else:
                home.add_child(
                    instance=StandardPage(
                        title=title,
                        first_published_at=published,
                        last_published_at=published,
                        slug=f"s{number}",
                        intro=sentence(rng),
                        body=paragraphs(text(rng, 10)),
                    )
                )
                counts["standard pages"] += 1
    counts["index pages"] = 3
    return counts


def measure_node(node_url, options):
    prefix = f"vlgbench_{uuid.uuid4().hex[:8]}_"
    config = {
        "default": cluster_backend(OPENSEARCH_BACKEND, split_urls(node_url), prefix, 30),
        FALLBACK: database_backend(),
    }
    try:
        return measure("search node", config, options)
    finally:
        if options["keep"]:
            print(f"Kept the node's indexes: {prefix}*")
        else:
            client = OpenSearch(hosts=split_urls(node_url))
            for name in client.indices.get(index=f"{prefix}*"):
                client.indices.delete(index=name)


def measure(label, config, options):
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        started = time.perf_counter()
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        backend = get_backend("default")
        if hasattr(backend, "refresh_indexes"):
            backend.refresh_indexes()
        build = time.perf_counter() - started
        print(f"{label}: index built in {build:.1f} s, measuring searches …")
        locale = Locale.objects.get(language_code="de")
        factory = RequestFactory(HTTP_HOST="localhost")

        def run(query):
            # A request of its own per search, as the search page has (URLs of results).
            request = factory.get("/de/suche/", {"q": query})
            return service.search(request.GET, request=request, locale=locale, log=False)

        for _round in range(options["warmup"]):  # connections, caches, the node's JIT
            for query in QUERIES:
                run(query)
        samples, hits = [], {}
        profiler = cProfile.Profile() if options["profile"] else None
        if profiler:
            profiler.enable()
        for _ in range(options["rounds"]):
            for query in QUERIES:
                started = time.perf_counter()
                outcome = run(query)
                samples.append(time.perf_counter() - started)
                hits[query] = outcome.total
            if outcome.degraded:
                raise BenchmarkError(f"{label}: the search fell back to the database")
        if profiler:
            profiler.disable()
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(40)
            print(stream.getvalue())
    return {
        "label": label,
        "build": build,
        "p50": percentile(samples, 0.5) * 1000,
        "p95": percentile(samples, 0.95) * 1000,
        "mean": statistics.mean(samples) * 1000,
        "hits": hits,
    }


def report(rows, options):
    targets = {"database": 50, "search node": 20}
    print()
    print(
        f"{len(QUERIES)} German queries x {options['rounds']} rounds, in-process, "
        "search page service (hits, facets, snippets of page 1)"
    )
    header = f"{'backend':<12} {'index build':>12} {'p50':>9} {'p95':>9} {'target p95':>14}"
    print(header)
    print("-" * len(header))
    for row in rows:
        target = targets[row["label"]]
        verdict = "met" if row["p95"] <= target else "MISSED"
        print(
            f"{row['label']:<12} {row['build']:>10.1f} s {row['p50']:>6.1f} ms "
            f"{row['p95']:>6.1f} ms {f'{target} ms {verdict}':>14}"
        )
    for row in rows:
        build_verdict = "met" if row["build"] <= 60 else "MISSED"
        print(f"{row['label']}: full index build {build_verdict} (target 60 s)")
    print()
    print(
        "Hits per query: "
        + ", ".join(
            f"{query} {' / '.join(str(row['hits'][query]) for row in rows)}" for query in QUERIES
        )
    )


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BenchmarkError as error:
        sys.exit(f"Benchmark failed: {error}")
