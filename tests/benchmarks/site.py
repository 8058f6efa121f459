"""Benchmark of the whole site through a real server: `make bench` (not a test).

1. Builds a corpus in a throwaway SQLite database (a file in a temporary folder, deleted at
   the end unless --keep): by default 10 000 news, 500 projects and 20 strategy pages, in
   German and French (the French pages are translations: same translation key).
2. Times a full build of the search index (the database backend).
3. Counts the SQL queries of each measured URL in-process (anonymous visitor, warm).
4. Serves the site with gunicorn (production settings) on 127.0.0.1 and loads each URL with
   wrk: requests per second, p50 and p99 latency; first with the page cache off
   (uncached), then on (cached). A static file served by the same server in the same run
   is the yardstick: the targets are ratios to its rate, so they hold on a noisy machine.

   The server's shared cache (content version, pages) is a throwaway Redis, as in
   production with several app processes, when redis-server is installed; else the
   database cache.

Prints a table and writes it as JSON (--output). Needs wrk (`apt-get install -y wrk`).
`--keep` keeps the corpus; `--reuse FOLDER` measures again on it without rebuilding.
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home.benchmark import OBJECTS, no_automatic_indexing, sentence, text
from vlgsite.settings.base import shared_caches

# Each target: (name, share of the static-file rate uncached). Cached pages: 50 %.
TARGETS = {
    "home page": 0.04,
    "news index": 0.04,
    "news page": 0.09,
    "catalogue, two filters": 0.04,
    "project page": 0.09,
    "search page": 0.04,
    "API news listing": 0.04,
    "API project": 0.09,
}
CACHED_TARGET = 0.50
QUERY_BUDGET = 12
STATIC_PATH = "/static/home/css/site.css"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port, seconds):
    """Whether something accepts connections on the port within that many seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def parse_duration(value):
    """wrk's '3.21ms' / '512.00us' / '1.02s' in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+[a-z]+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rate,
        "p50_ms": parse_duration(latency["50"]),
        "p99_ms": parse_duration(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


class RedisServer:
    """A throwaway Redis for the server's shared cache (as in production), if installed."""

    def __init__(self, folder):
        port = free_port()
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        if not listening(port, seconds=20):
            raise CommandError("redis-server did not start within 20 s")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def translation_of(source):
    """The fields that make an object the translation of `source` (None: a source)."""
    return {"translation_key": source.translation_key} if source else {}


class Command(BaseCommand):
    help = "Benchmark: requests per second and latency of every page type, cached and not."

    def add_arguments(self, parser):
        parser.add_argument("--news", type=int, default=10_000)
        parser.add_argument("--projects", type=int, default=500)
        parser.add_argument("--strategies", type=int, default=20)
        parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--output", default="bench-results.json")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
        parser.add_argument(
            "--reuse",
            metavar="FOLDER",
            help="measure again on a corpus kept with --keep (no new corpus, no index build)",
        )

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install -y wrk")
        if connection.vendor != "sqlite":
            raise CommandError("The benchmark builds a throwaway SQLite database; use SQLite.")
        self.options = options
        reuse = options["reuse"]
        self.folder = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="vlgsite-bench-site-"))
        database = self.folder / "bench.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(database)
        original_name = connection.settings_dict["NAME"]
        self.stdout.write(f"Throwaway database: {database}")
        if reuse:
            connection.settings_dict["NAME"] = str(database)
            connection.close()
            corpus = json.loads((self.folder / "corpus.json").read_text())
        else:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.redis = RedisServer(self.folder) if shutil.which("redis-server") else None
        try:
            if not reuse:
                corpus = self.build(options)
                (self.folder / "corpus.json").write_text(json.dumps(corpus))
            queries = self.count_queries(corpus["paths"])
            connection.close()
            runs = {
                mode: self.load(database, corpus["paths"], mode) for mode in ("uncached", "cached")
            }
            results = self.results(corpus, queries, runs)
            self.report(results)
            Path(options["output"]).write_text(json.dumps(results, indent=2) + "\n")
            self.stdout.write(f"Written to {options['output']}")
        finally:
            if self.redis:
                self.redis.stop()
            if options["keep"] or reuse:
                self.stdout.write(f"Kept: {self.folder} (measure again: --reuse {self.folder})")
            else:
                connection.creation.destroy_test_db(original_name, verbosity=0)
                shutil.rmtree(self.folder, ignore_errors=True)

    def build(self, options):
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        counts, paths = self.build_corpus(random.Random(options["seed"]))
        corpus_time = time.perf_counter() - started
        self.stdout.write(
            f"Corpus: {sum(counts.values())} pages "
            f"({', '.join(f'{n} {kind}' for kind, n in counts.items())}) "
            f"built in {corpus_time:.0f} s"
        )
        started = time.perf_counter()
        call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        index_time = time.perf_counter() - started
        self.stdout.write(f"Search index (database backend) built in {index_time:.1f} s")
        return {
            "counts": counts,
            "paths": paths,
            "corpus_build_s": round(corpus_time, 1),
            "search_index_build_s": round(index_time, 1),
        }

    # The corpus

    def build_corpus(self, rng):
        from home.models import HomePage, Topic
        from news.models import NewsIndexPage, NewsPage
        from strategy.models import (
            ProjectIndexPage,
            ProjectPage,
            ProjectStatus,
            StrategyIndexPage,
            StrategyPage,
        )

        def body(sentences):
            return [("paragraph", RichText(f"<p>{text(rng, sentences)}</p>"))]

        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()
        german = Locale.objects.get_or_create(language_code="de")[0]
        french = Locale.objects.get_or_create(language_code="fr")[0]
        now = timezone.now()
        published = {"first_published_at": now, "last_published_at": now}
        counts = {"news": 0, "projects": 0, "strategies": 0, "other": 0}
        paths = {}
        with no_automatic_indexing(), transaction.atomic():
            homes, indexes, topics = {}, {}, {}
            for locale in (german, french):
                source = homes.get("de")
                homes[locale.language_code] = home = root.add_child(
                    instance=HomePage(
                        title="Start" if locale == german else "Accueil",
                        slug=f"home-{locale.language_code}",
                        locale=locale,
                        **translation_of(source),
                        **published,
                    )
                )
                for kind, model, slug in (
                    ("news", NewsIndexPage, "aktuelles"),
                    ("projects", ProjectIndexPage, "projekte"),
                    ("strategies", StrategyIndexPage, "strategie"),
                ):
                    source = indexes.get(("de", kind))
                    indexes[(locale.language_code, kind)] = home.add_child(
                        instance=model(
                            title=slug.capitalize(),
                            slug=slug,
                            locale=locale,
                            **translation_of(source),
                            **published,
                        )
                    )
                    counts["other"] += 1
                counts["other"] += 1
                topics[locale.language_code] = [
                    Topic.objects.create(
                        name=name,
                        slug=name.lower(),
                        locale=locale,
                        **translation_of(topics["de"][number] if locale == french else None),
                    )
                    for number, name in enumerate(
                        ("E-Government", "Digitalisierung", "Steuern", "Informatik")
                    )
                ]
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"root_page": homes["de"], "hostname": "localhost", "port": 80},
            )
            statuses = ProjectStatus.values
            for kind, model, total in (
                ("strategies", StrategyPage, self.options["strategies"]),
                ("projects", ProjectPage, self.options["projects"]),
                ("news", NewsPage, self.options["news"]),
            ):
                for number in range(total):
                    fields = {
                        "title": f"{rng.choice(OBJECTS).split(' ', 1)[1].capitalize()} {number}",
                        "slug": f"{kind[0]}{number}",
                        **published,
                    }
                    if model is NewsPage:
                        fields.update(teaser=sentence(rng), body=body(6))
                    elif model is ProjectPage:
                        fields.update(
                            teaser=sentence(rng), status=rng.choice(statuses), body=body(8)
                        )
                    else:
                        fields.update(summary=text(rng, 3), body=body(10))
                    topic_numbers = rng.sample(range(4), 2)
                    source = None
                    for locale in (german, french):
                        page = indexes[(locale.language_code, kind)].add_child(
                            instance=model(
                                locale=locale,
                                **translation_of(source),
                                **fields,
                            )
                        )
                        if hasattr(page, "topics"):
                            page.topics.set(
                                [topics[locale.language_code][n] for n in topic_numbers]
                            )
                        source = source or page
                    counts[kind] += 2
        Page.fix_tree()
        news = NewsPage.objects.filter(locale=german).order_by("pk")
        project = ProjectPage.objects.filter(locale=german).order_by("pk")
        middle = news[news.count() // 2]
        one_project = project[project.count() // 2]
        some_status = project.values_list("status", flat=True).first()
        paths.update(
            {
                "home page": "/de/",
                "news index": "/de/aktuelles/",
                "news page": middle.url,
                "catalogue, two filters": f"/de/projekte/?status={some_status}&topic=steuern",
                "project page": one_project.url,
                "search page": "/de/suche/?q=Steuererkl%C3%A4rung",
                "API news listing": "/api/v2/pages/?type=news.NewsPage&locale=de",
                "API project": f"/api/v2/pages/{one_project.pk}/",
            }
        )
        return counts, paths

    # Measurements

    def count_queries(self, paths):
        """SQL queries of each URL for an anonymous visitor, the second time it is asked,
        with the caches the server uses."""
        client = Client(HTTP_HOST="localhost")
        counts = {}
        caches = shared_caches(self.redis.url) if self.redis else settings.CACHES
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["localhost"], CACHES=caches):
            for name, path in paths.items():
                response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{name} {path}: HTTP {response.status_code}")
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                counts[name] = len(captured.captured_queries)
        return counts

    def server_environment(self, database, cached):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vlgsite.settings.production",
            "SECRET_KEY": "benchmark-only-" + "x" * 50,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "DATABASE_URL": f"sqlite:///{database}",
            "STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "PAGE_CACHE_SECONDS": "600" if cached else "0",
            # Plain HTTP on 127.0.0.1: no redirect to HTTPS.
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        if self.redis:
            # As in production with more than one app process: the shared cache in Redis.
            environment["CACHE_URL"] = self.redis.url
        environment.pop("OPENSEARCH_URL", None)
        environment.pop("ELASTICSEARCH_URL", None)
        return environment

    def load(self, database, paths, mode):
        environment = self.server_environment(database, cached=mode == "cached")
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"],
            env=environment,
            check=True,
            cwd=settings.BASE_DIR,
        )
        port = free_port()
        self.server_log = (self.folder / f"server-{mode}.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "vlgsite.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.options["workers"]),
                "--log-level",
                "warning",
            ],
            env=environment,
            cwd=settings.BASE_DIR,
            start_new_session=True,
            # One JSON log line per request: to a file, not into the table.
            stdout=self.server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_for(port)
            rows = {"static file": self.wrk(port, STATIC_PATH)}
            for name, path in paths.items():
                rows[name] = self.wrk(port, path)
            rows["static file (again)"] = self.wrk(port, STATIC_PATH)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        for name, row in rows.items():
            self.stdout.write(
                f"  {mode:<8} {name:<24} {row['rps']:>8.1f} req/s  "
                f"p50 {row['p50_ms']:>7.1f} ms  p99 {row['p99_ms']:>7.1f} ms"
            )
        return rows

    def wait_for(self, port):
        if not listening(port, seconds=60):
            raise CommandError(f"gunicorn did not start within 60 s, see {self.server_log.name}")

    def wrk(self, port, path):
        url = f"http://localhost:{port}{path}"
        subprocess.run(["curl", "-s", "-o", os.devnull, url], check=False)  # warm up
        output = subprocess.run(
            [
                "wrk",
                "--threads",
                "2",
                "--connections",
                str(self.options["connections"]),
                "--duration",
                f"{self.options['duration']}s",
                "--latency",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        row = parse_wrk(output)
        if row["errors"]:
            raise CommandError(f"{path}: {row['errors']} responses were not 2xx/3xx")
        return row

    # The report

    def results(self, corpus, queries, runs):
        paths = corpus["paths"]
        rows = []
        for mode, measured in runs.items():
            static = (measured["static file"]["rps"] + measured["static file (again)"]["rps"]) / 2
            for name, path in paths.items():
                row = measured[name]
                target = CACHED_TARGET if mode == "cached" else TARGETS[name]
                share = row["rps"] / static
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "mode": mode,
                        **row,
                        "static_rps": round(static, 1),
                        "share_of_static": round(share, 4),
                        "target_share": target,
                        "target_met": share >= target,
                        "sql_queries": queries[name],
                        "query_budget_met": queries[name] <= QUERY_BUDGET,
                    }
                )
        return {
            "corpus": corpus["counts"],
            "corpus_build_s": corpus["corpus_build_s"],
            "search_index_build_s": corpus["search_index_build_s"],
            "shared_cache": "redis" if self.redis else "database",
            "wrk": {
                "duration_s": self.options["duration"],
                "connections": self.options["connections"],
                "gunicorn_workers": self.options["workers"],
            },
            "rows": rows,
        }

    def report(self, results):
        header = (
            f"{'page':<24} {'mode':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'% static':>9} {'target':>7} {'SQL':>4}"
        )
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in results["rows"]:
            verdict = "met" if row["target_met"] else "MISSED"
            self.stdout.write(
                f"{row['page']:<24} {row['mode']:<8} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
                f"{row['p99_ms']:>8.1f} {row['share_of_static'] * 100:>8.1f}% "
                f"{row['target_share'] * 100:>4.0f}% {verdict:<6} {row['sql_queries']:>3}"
            )
        statics = sorted({(row["mode"], row["static_rps"]) for row in results["rows"]})
        for mode, rate in statics:
            self.stdout.write(f"static file ({STATIC_PATH}), {mode} run: {rate:.1f} req/s")
        self.stdout.write(f"Search index build: {results['search_index_build_s']} s")
        self.stdout.write(f"Shared cache: {results['shared_cache']}")
        over = [row["page"] for row in results["rows"] if not row["query_budget_met"]]
        self.stdout.write(
            f"SQL budget ({QUERY_BUDGET} per page): "
            + ("met on every page" if not over else f"over on {', '.join(sorted(set(over)))}")
        )
