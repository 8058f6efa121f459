"""Benchmark of the search: `make bench-search`, or
`.venv/bin/python -m tests.benchmarks.search --pages 2000 --rounds 3`.

Not a test. For each database (SQLite always; PostgreSQL too when DATABASE_URL names
one, in a process of its own) it creates a throwaway database (migrated like the test
database, dropped at the end) and, one after the other, two corpora of German pages
(10 000 by default):

- "typical": texts of the demo content's own words with a Zipf-like distribution
  (tests/benchmarks/vocabulary.py), queried with mid-frequency words and word pairs of
  that vocabulary: a query matches a few per cent of the pages, as on a real site;
- "broad": the old corpus (tests/benchmarks/corpus.py), where every query word stands on
  most pages: the worst case.

Each corpus is indexed by the database backend and, if one is configured
(OPENSEARCH_URL, or --node-url), by the search node (throwaway index prefix, deleted at
the end). Measured: the full index build (`update_index`), the latency of the queries
in-process without HTTP as the search page runs them (search/service.py: ranked hits,
facets, promotions, snippets of the first result page), p50/p95 over all queries and
rounds, the time per stage (tests/benchmarks/stages.py), the autocomplete's p95 and the
average share of the pages a query matches. The configured database is never touched.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from opensearchpy import OpenSearch
from wagtail.models import Locale, Page

from home.cache.memory import reset_version, shared_version, use_version
from home.cache.middleware import site_for_request, site_root_paths
from search import service
from search.backends import (
    FALLBACK,
    OPENSEARCH_BACKEND,
    cluster_backend,
    database_backend,
    split_urls,
)
from search.cluster import get_backend
from tests.benchmarks.corpus import percentile, settle_database
from tests.benchmarks.search_corpus import BROAD_QUERIES, BroadText, build_corpus
from tests.benchmarks.stages import STAGES, StageClock
from tests.benchmarks.vocabulary import ZipfText, typical_queries

CORPORA = ("typical", "broad")
# p95 targets in ms (issue #20, 10 000 pages, idle machine), index build in s.
TARGETS = {
    ("typical", "SQLite"): 40,
    ("typical", "PostgreSQL"): 40,
    ("typical", "search node"): 15,
    "broad": 120,
    "autocomplete": 10,
    "build": 45,
}


class BenchmarkError(Exception):
    pass


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.search",
        description="Benchmark: index build time and search latency for corpora of German pages.",
    )
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds over the queries")
    parser.add_argument("--warmup", type=int, default=2, help="rounds before measuring")
    parser.add_argument("--corpus", choices=[*CORPORA, "both"], default="both")
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
    # Set by the benchmark for the process that measures one database.
    parser.add_argument("--database", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--rows-file", help=argparse.SUPPRESS)
    parser.add_argument("--no-node", action="store_true", help=argparse.SUPPRESS)
    return vars(parser.parse_args(argv))


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    options = parse_arguments(argv)
    if options["database"]:
        rows = measure_database(options)
        Path(options["rows_file"]).write_text(json.dumps(rows), encoding="utf-8")
        return
    # One process per database: Django has one default database per process.
    postgres_url = os.environ.get("DATABASE_URL", "")
    databases = ["sqlite"] + (["postgresql"] if postgres_url.startswith("postgres") else [])
    if len(databases) == 1:
        print("No PostgreSQL (DATABASE_URL names none): SQLite only.")
    rows = []
    with tempfile.TemporaryDirectory(prefix="vlgsite-bench-rows-") as folder:
        for number, database in enumerate(databases):
            env = dict(os.environ)
            if database == "sqlite":
                env.pop("DATABASE_URL", None)
            rows_file = str(Path(folder) / f"{database}.json")
            # The search node once, beside the last database (PostgreSQL, as in production).
            extra = ["--no-node"] if number < len(databases) - 1 else []
            command = [sys.executable, "-m", "tests.benchmarks.search", *argv]
            command += ["--database", database, "--rows-file", rows_file, *extra]
            if subprocess.run(command, env=env, check=False).returncode:
                raise BenchmarkError(f"the {database} run failed")
            rows += json.loads(Path(rows_file).read_text(encoding="utf-8"))
    report(rows, options)


def measure_database(options):
    """Build each corpus in a throwaway database of the configured kind, index and
    measure it on the database backend and the node; the rows of the report."""
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    node_url = None if options["no_node"] else options["node_url"] or settings.SEARCH_NODE_URL
    folder = Path(tempfile.mkdtemp(prefix="vlgsite-bench-"))
    test_name = (
        str(folder / "bench.sqlite3")
        if connection.vendor == "sqlite"
        else f"vlgsite_bench_{uuid.uuid4().hex[:8]}"
    )
    connection.settings_dict["TEST"]["NAME"] = test_name
    original_name = connection.settings_dict["NAME"]
    print(f"{label}: throwaway database {test_name}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    rows = []
    try:
        call_command("createcachetable", verbosity=0)
        corpora = CORPORA if options["corpus"] == "both" else [options["corpus"]]
        for corpus in corpora:
            rng = random.Random(options["seed"])
            generator = ZipfText(rng) if corpus == "typical" else BroadText(rng)
            queries = (
                typical_queries(random.Random(options["seed"]))
                if corpus == "typical"
                else BROAD_QUERIES
            )
            started = time.perf_counter()
            counts = build_corpus(options["pages"], generator, rng)
            parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            print(
                f"{corpus} corpus: {sum(counts.values())} pages ({parts}) "
                f"built in {time.perf_counter() - started:.1f} s"
            )
            setup = {"corpus": corpus, "database": label, "queries": queries}
            rows.append(measure(label, {"default": database_backend()}, options, setup))
            if node_url:
                rows.append(measure_node(node_url, options, setup))
        if not node_url and not options["no_node"]:
            print("No search node (OPENSEARCH_URL or --node-url): no node rows.")
    finally:
        if options["keep"]:
            print(f"Kept: {test_name}")
        else:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    return rows


def measure_node(node_url, options, setup):
    prefix = f"vlgbench_{uuid.uuid4().hex[:8]}_"
    config = {
        "default": cluster_backend(OPENSEARCH_BACKEND, split_urls(node_url), prefix, 30),
        FALLBACK: database_backend(),
    }
    try:
        return measure("search node", config, options, setup)
    finally:
        if options["keep"]:
            print(f"Kept the node's indexes: {prefix}*")
        else:
            client = OpenSearch(hosts=split_urls(node_url))
            for name in client.indices.get(index=f"{prefix}*"):
                client.indices.delete(index=name)


def measure(label, config, options, setup):
    queries = setup["queries"]
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        started = time.perf_counter()
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        backend = get_backend("default")
        if hasattr(backend, "refresh_indexes"):
            backend.refresh_indexes()
        build = time.perf_counter() - started
        print(f"{setup['corpus']} / {label}: index built in {build:.1f} s, measuring …")
        if connection.vendor == "postgresql":
            print(f"{setup['corpus']} / {label}: VACUUM ANALYZE in {settle_database():.1f} s")
        locale = Locale.objects.get(language_code="de")
        pages = Page.objects.filter(locale=locale, depth__gt=1).count()
        factory = RequestFactory(HTTP_HOST="localhost")

        def run(query):
            # A request of its own per search, as the search page has (URLs of results),
            # which reads the content version once (home/cache/middleware.py).
            request = factory.get("/de/suche/", {"q": query})
            with content_version(request):
                return service.search(request.GET, request=request, locale=locale, log=False)

        for _round in range(options["warmup"]):  # connections, caches, the node's JIT
            for query in queries:
                run(query)
        samples, hits, clock = [], {}, StageClock()
        profiler = cProfile.Profile() if options["profile"] else None
        with clock.running():
            if profiler:
                profiler.enable()
            for _ in range(options["rounds"]):
                for query in queries:
                    started = time.perf_counter()
                    outcome = run(query)
                    samples.append(time.perf_counter() - started)
                    hits[query] = outcome.total
                if outcome.degraded:
                    raise BenchmarkError(f"{label}: the search fell back to the database")
            if profiler:
                profiler.disable()
        if profiler:
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(40)
            print(stream.getvalue())
        completions = measure_autocomplete(queries, locale, factory, options["rounds"])
    searches = len(samples)
    return {
        **{key: setup[key] for key in ("corpus", "database")},
        "label": label,
        "build": build,
        "p50": percentile(samples, 0.5) * 1000,
        "p95": percentile(samples, 0.95) * 1000,
        "mean": statistics.mean(samples) * 1000,
        "stages": {name: total / searches * 1000 for name, total in clock.totals.items()},
        "autocomplete_p95": percentile(completions, 0.95) * 1000,
        "share": statistics.mean(min(1, n / pages) for n in hits.values()) * 100,
        "hits": hits,
    }


def measure_autocomplete(queries, locale, factory, rounds):
    """Seconds per autocomplete of the first letters of each query word, as typed, with
    a request of its own each, as the endpoint has."""
    prefixes = [word[:length] for query in queries for word in query.split() for length in (3, 5)]

    def complete(prefix):
        request = factory.get("/de/suche/vorschlaege/", {"q": prefix})
        with content_version(request):
            service.autocomplete(prefix, request=request, locale=locale)

    for prefix in prefixes:  # warm-up
        complete(prefix)
    samples = []
    for _ in range(rounds):
        for prefix in prefixes:
            started = time.perf_counter()
            complete(prefix)
            samples.append(time.perf_counter() - started)
    return samples


@contextmanager
def content_version(request):
    """What home/cache/middleware.py does for every request: the content version read
    once, the site and its root paths from this process's memory."""
    token = use_version(shared_version())
    try:
        request._wagtail_site = site_for_request(request)
        request._wagtail_cached_site_root_paths = site_root_paths()
        yield
    finally:
        reset_version(token)


def verdict(value, target):
    return f"{target:g} {'met' if value <= target else 'MISSED'}"


def report(rows, options):
    print()
    print(
        f"{options['pages']} pages, queries x {options['rounds']} rounds, in-process, search "
        "page service (hits, facets, snippets of page 1). Times in ms, build in s."
    )
    stages = "".join(f" {name:>8}" for name in STAGES)
    header = (
        f"{'corpus':<8} {'backend':<12} {'database':<10} {'match %':>7} {'p50':>7} {'p95':>7}"
        f" {'p95 target':>13}{stages} {'autoc. p95':>10} {'target':>10}"
        f" {'build':>6} {'target':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        target = TARGETS.get((row["corpus"], row["label"]), TARGETS["broad"])
        stage_times = "".join(f" {row['stages'][name]:>8.1f}" for name in STAGES)
        print(
            f"{row['corpus']:<8} {row['label']:<12} {row['database']:<10} {row['share']:>7.2f}"
            f" {row['p50']:>7.1f} {row['p95']:>7.1f} {verdict(row['p95'], target):>13}"
            f"{stage_times} {row['autocomplete_p95']:>10.1f}"
            f" {verdict(row['autocomplete_p95'], TARGETS['autocomplete']):>10}"
            f" {row['build']:>6.1f} {verdict(row['build'], TARGETS['build']):>9}"
        )
    print()
    print(
        "Stages: mean ms per search spent in each (lookups: visible documents, promotions, "
        "quick links; backend: the full-text query or the node's request; facets; loading: "
        "pages and dates of the shown hits; snippets). match %: average share of the pages "
        "a query finds. Targets for 10 000 pages."
    )
    for row in rows:
        print(
            f"Hits per query, {row['corpus']} / {row['label']} ({row['database']}): "
            + ", ".join(f"{query} {count}" for query, count in row["hits"].items())
        )


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BenchmarkError as error:
        sys.exit(f"Benchmark failed: {error}")
