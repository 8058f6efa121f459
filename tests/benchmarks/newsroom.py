"""The newsroom scenario (not a test): visitors browse while an editor works.
`.venv/bin/python -m tests.benchmarks.newsroom --help`

8 clients browse 200 different pages (anonymous GETs, one connection each, as fast as the
server answers) for 3 minutes while one editor saves a draft of one of those pages every
10 s and publishes it every 60 s — through Wagtail's revisions and publish signals in the
server's database and the shared cache (OrmEditor), the code paths of the admin's
"save draft" and "publish". Reports the page-cache hit rate (responses with
`X-Page-Cache: hit` or `stale`), p50/p99 latency, errors, and whether a draft changed
the content version (it must not: drafts are not visible).

Targets (issue 22): hit rate ≥ 95 %, p99 ≤ 3× p50, 0 errors.

Standalone, on a copy of a SQLite database with content (a corpus kept by
`make bench BENCH_ARGS="--keep"`: its folder or its bench.sqlite3; or a demo database):
gunicorn with the production settings and a throwaway Redis, as `make bench` serves.
From another benchmark with a running server: `run_newsroom(base_url, paths, editor)`
and `print_newsroom(result)`, with `newsroom_pages()` and `OrmEditor` in the server's
database.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from wagtail.models import Page

from home.cache.memory import shared_version
from home.cache.pages import STATUS_HEADER
from tests.benchmarks.load import BenchmarkError, RedisServer
from tests.servers import gunicorn_serving
from vlgsite.settings.base import shared_caches

HIT_RATE_TARGET = 0.95
P99_TO_P50_TARGET = 3.0
FROM_CACHE = ("hit", "stale")


# The pages and the editor


def newsroom_pages(count=200, seed=2026):
    """{path: page id} of `count` different live pages (or all there are), drawn at random
    from the database this process uses: the server's."""
    ids = list(Page.objects.live().filter(depth__gt=1).values_list("id", flat=True))
    chosen = random.Random(seed).sample(ids, min(count, len(ids)))
    pages = {}
    for page in Page.objects.filter(id__in=chosen).specific():
        url = page.get_url()
        if url:
            pages[urlsplit(url).path] = page.id
    return dict(sorted(pages.items()))


class OrmEditor:
    """An editor working in the server's database (this process's) and its shared cache:
    saves a draft of a page (a new revision) and publishes the latest one, as the admin's
    buttons do. `cache_url`: the server's CACHE_URL (None: the same settings as here);
    the page cache settings must be the server's (the publishing process opens the
    stale window)."""

    def __init__(self, page_id, cache_url=None, page_cache_seconds=600, stale_seconds=None):
        self.page_id = page_id
        overrides = {"PAGE_CACHE_SECONDS": page_cache_seconds}
        if cache_url:
            overrides["CACHES"] = {**settings.CACHES, **shared_caches(cache_url)}
        if stale_seconds is not None:
            overrides["PAGE_CACHE_STALE_SECONDS"] = stale_seconds
        self.overrides = overrides
        self.drafts = 0
        with self.server_settings():
            self.original_title = Page.objects.get(id=self.page_id).title
            self.user = self._editor()

    def server_settings(self):
        return override_settings(**self.overrides) if self.overrides else nullcontext()

    @staticmethod
    def _editor():
        users = get_user_model().objects
        user = users.filter(is_superuser=True).first()
        return user or users.create_superuser("newsroom", "newsroom@example.ch", "x" * 20)

    def save_draft(self):
        """Saves a draft with a new title; returns whether the content version changed."""
        with self.server_settings():
            before = shared_version()
            page = Page.objects.get(id=self.page_id).specific
            self.drafts += 1
            page.title = f"{self.original_title} (Entwurf {self.drafts})"
            page.save_revision(user=self.user)
            return shared_version() != before

    def publish(self):
        with self.server_settings():
            page = Page.objects.get(id=self.page_id).specific
            page.get_latest_revision().publish(user=self.user)


# The load


def fetch(host, port, path):
    """(milliseconds, status, X-Page-Cache) of one anonymous GET on its own connection;
    status 0 when the connection failed."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        response.read()
        status, cached = response.status, response.getheader(STATUS_HEADER)
    except OSError:
        status, cached = 0, None
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, status, cached


def browse(host, port, paths, seed, stop, results):
    rng = random.Random(seed)
    while not stop.is_set():
        results.append(fetch(host, port, rng.choice(paths)))


def warm_up(host, port, paths):
    """Every page twice; returns the pages the page cache keeps (others — forms, pages with
    view restrictions — say nothing of the cache and are left out) and how many were left
    out per status (an error there is an error of the run)."""
    kept, left_out = [], {}
    for path in paths:
        fetch(host, port, path)
        _, status, cached = fetch(host, port, path)
        if status == 200 and cached == "hit":
            kept.append(path)
        else:
            left_out[status] = left_out.get(status, 0) + 1
    return kept, left_out


def percentile(sorted_values, share):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def run_newsroom(
    base_url,
    paths,
    editor,
    duration=180,
    clients=8,
    draft_every=10,
    publish_every=60,
    seed=2026,
):
    """`clients` threads browse `paths` on the server at `base_url` for `duration`
    seconds; meanwhile `editor` (an OrmEditor) saves a draft every `draft_every` seconds
    and publishes every `publish_every` seconds. Returns the results as a dict."""
    address = urlsplit(base_url)
    host, port = address.hostname, address.port or 80
    browsed, left_out = warm_up(host, port, paths)
    if not browsed:
        raise BenchmarkError("No page of the list is kept by the page cache (is it on?)")
    stop, results = threading.Event(), []
    threads = [
        threading.Thread(target=browse, args=(host, port, browsed, seed + n, stop, results))
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    drafts = publications = version_changed_by_drafts = 0
    try:
        tick = 1
        while (next_at := started + tick * draft_every) < started + duration:
            time.sleep(max(0.0, next_at - time.monotonic()))
            version_changed_by_drafts += editor.save_draft()
            drafts += 1
            if (tick * draft_every) % publish_every == 0:
                editor.publish()
                publications += 1
            tick += 1
        time.sleep(max(0.0, started + duration - time.monotonic()))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    result = summary(results, elapsed, len(paths), len(browsed), clients, drafts, publications)
    result["left_out_by_status"] = left_out
    result["errors"] += sum(count for status, count in left_out.items() if status != 200)
    result["targets"]["errors"] = result["errors"] == 0
    result["drafts_changing_content_version"] = version_changed_by_drafts
    return result


def summary(results, elapsed, listed, browsed, clients, drafts, publications):
    latencies = sorted(ms for ms, _, _ in results)
    statuses = [cached for _, _, cached in results]
    from_cache = sum(cached in FROM_CACHE for cached in statuses)
    total = len(results)
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    errors = sum(status != 200 for _, status, _ in results)
    hit_rate = from_cache / total if total else 0.0
    return {
        "duration_s": round(elapsed, 1),
        "clients": clients,
        "pages_listed": listed,
        "pages_browsed": browsed,
        "requests": total,
        "rps": round(total / elapsed, 1) if elapsed else 0.0,
        "hits": statuses.count("hit"),
        "stale": statuses.count("stale"),
        "rendered": total - from_cache,
        "hit_rate": round(hit_rate, 4),
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
        "errors": errors,
        "drafts": drafts,
        "publications": publications,
        "targets": {
            "hit_rate": hit_rate >= HIT_RATE_TARGET,
            "p99_to_p50": p99 <= P99_TO_P50_TARGET * p50,
            "errors": errors == 0,
        },
    }


def print_newsroom(result):
    met = {True: "met", False: "MISSED"}
    targets = result["targets"]
    print("")
    print(
        f"Newsroom: {result['clients']} clients, {result['pages_browsed']} pages, "
        f"{result['duration_s']} s; {result['drafts']} drafts saved, "
        f"{result['publications']} publications"
    )
    print(
        f"  {result['requests']} requests ({result['rps']} req/s): {result['hits']} hits, "
        f"{result['stale']} stale, {result['rendered']} rendered"
    )
    print(
        f"  page-cache hit rate {result['hit_rate'] * 100:.1f} % "
        f"(target ≥ {HIT_RATE_TARGET * 100:.0f} %: {met[targets['hit_rate']]})"
    )
    print(
        f"  p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms "
        f"(target p99 ≤ {P99_TO_P50_TARGET:g}× p50: {met[targets['p99_to_p50']]})"
    )
    print(f"  errors {result['errors']} (target 0: {met[targets['errors']]})")
    changed = result.get("drafts_changing_content_version", 0)
    print(f"  drafts that changed the content version: {changed} (must be 0)")
    if result["pages_browsed"] < result["pages_listed"]:
        left_out = result["pages_listed"] - result["pages_browsed"]
        print(
            f"  ({left_out} listed pages left out, the page cache does not keep them; "
            f"by status: {result['left_out_by_status']}; errors among them are counted)"
        )


# Standalone


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.newsroom",
        description="Newsroom scenario: visitors browse while an editor saves drafts and "
        "publishes; page-cache hit rate, p50/p99, errors.",
    )
    parser.add_argument(
        "database",
        help="SQLite database with content (or a folder kept by `make bench` with "
        "bench.sqlite3 in it), with its media/ folder beside it; the benchmark works on "
        "a copy of both",
    )
    parser.add_argument("--duration", type=int, default=180, help="seconds (e.g. 30 to try)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--draft-every", type=int, default=10, help="seconds")
    parser.add_argument(
        "--publish-every", type=int, default=60, help="seconds (a multiple of --draft-every)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)"
    )
    parser.add_argument("--output", default="bench-newsroom.json")
    parser.add_argument("--seed", type=int, default=2026)
    return vars(parser.parse_args(argv))


def server_environment(folder, database, cache_url):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vlgsite.settings.production",
        "SECRET_KEY": "benchmark-only-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PAGE_CACHE_SECONDS": "600",
        "PAGE_CACHE_STALE_SECONDS": str(settings.PAGE_CACHE_STALE_SECONDS),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    if cache_url:
        environment["CACHE_URL"] = cache_url
    for name in ("OPENSEARCH_URL", "ELASTICSEARCH_URL"):
        environment.pop(name, None)
    return environment


def serve_newsroom(environment, log_path, cache_url, options):
    """The scenario on the database this process uses (the corpus), served by gunicorn
    with `environment` (production settings, page cache on, CACHE_URL = `cache_url`).
    `options`: pages, seed, workers, threads, duration, clients, draft_every,
    publish_every. The standalone run and `make bench` (tests/benchmarks/site.py) use it."""
    pages = newsroom_pages(options["pages"], options["seed"])
    paths = list(pages)
    editor = OrmEditor(pages[paths[len(paths) // 2]], cache_url)
    server_options = ["--workers", str(options["workers"]), "--log-level", "warning"]
    if options["threads"] > 1:
        server_options += ["--threads", str(options["threads"])]
    with gunicorn_serving(
        environment,
        log_path,
        lambda port: fetch("127.0.0.1", port, "/healthz")[1] == 200,
        server_options,
    ) as port:
        result = run_newsroom(
            f"http://127.0.0.1:{port}",
            paths,
            editor,
            duration=options["duration"],
            clients=options["clients"],
            draft_every=options["draft_every"],
            publish_every=options["publish_every"],
            seed=options["seed"],
        )
    result["shared_cache"] = "redis" if cache_url else "database"
    return result


def standalone(options):
    source = Path(options["database"])
    if source.is_dir():
        source = source / "bench.sqlite3"
    if not source.is_file():
        raise BenchmarkError(f"No database at {source}")
    if connection.vendor != "sqlite":
        raise BenchmarkError("The standalone newsroom works on a copy of a SQLite database.")
    folder = Path(tempfile.mkdtemp(prefix="vlgsite-bench-newsroom-"))
    database = folder / "newsroom.sqlite3"
    shutil.copyfile(source, database)
    if (source.parent / "media").is_dir():  # the corpus's images and documents
        shutil.copytree(source.parent / "media", folder / "media")
    print(f"Working on a copy: {database}")
    connection.close()
    connection.settings_dict["NAME"] = str(database)
    redis = RedisServer(folder) if shutil.which("redis-server") else None
    try:
        cache_url = redis.url if redis else None
        environment = server_environment(folder, database, cache_url)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=environment,
            check=True,
            cwd=settings.BASE_DIR,
        )
        result = serve_newsroom(environment, folder / "server.log", cache_url, options)
        print_newsroom(result)
        Path(options["output"]).write_text(json.dumps(result, indent=2) + "\n")
        print(f"Written to {options['output']}")
    finally:
        if redis:
            redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    sys.stdout.reconfigure(line_buffering=True)
    try:
        standalone(arguments(argv))
    except BenchmarkError as error:
        sys.exit(f"Benchmark failed: {error}")


if __name__ == "__main__":
    main()
