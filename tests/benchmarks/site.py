"""Benchmark of the whole site through a real server: `make bench` (not a test), or
`.venv/bin/python -m tests.benchmarks.site --help`.

Runs once per corpus size (`--news 10000 --news 100000`) and per database: SQLite, and
PostgreSQL too when DATABASE_URL names one (`export "$(.ci/postgres.sh)"`); each run in a
process of its own. Every run is stored in the --output JSON under its database and size,
next to the runs stored before, so that a later run of another size completes the table:
the report ends with the ratio of the largest to the smallest size per page type.

Per run:
1. Builds a corpus in a throwaway database (SQLite: a file in a temporary folder;
   PostgreSQL: the database vlgsite_bench, created in DATABASE_URL's server and dropped at
   the end unless --keep): by default 10 000 news, 500 projects and 20 strategy pages, in
   German and French (the French pages are translations: same translation key), written
   in bulk with their revisions and search index (tests/benchmarks/bulk_pages.py); prints
   the time of each stage.
2. Counts the SQL queries of each measured URL in-process (anonymous visitor, warm).
4. Serves the site with gunicorn (production settings) on 127.0.0.1 and loads each URL with
   wrk: requests per second, p50 and p99 latency; first with the page cache off
   (uncached), then on (cached). A static file served by the same server in the same run
   is the yardstick: the targets are ratios to its rate, so they hold on a noisy machine.

   The server's shared cache (content version, pages) is a throwaway Redis, as in
   production with several app processes, when redis-server is installed; else the
   database cache.
4. Reads the peak resident memory (VmHWM) of each gunicorn worker after the load.

Prints a table and writes it as JSON (--output). Needs wrk (`apt-get install -y wrk`).
`--keep` keeps the corpus; `--reuse FOLDER` measures again on it without rebuilding.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.benchmarks.corpus import build_site_corpus, settle_database
from tests.benchmarks.load import (
    BenchmarkError,
    RedisServer,
    free_port,
    listening,
    peak_memory_kb,
    wrk,
)
from tests.benchmarks.newsroom import print_newsroom, serve_newsroom
from tests.benchmarks.site_report import report, store
from vlgsite.settings.base import shared_caches

STATIC_PATH = "/static/home/css/site.css"
POSTGRES_DATABASE = "vlgsite_bench"


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.site",
        description="Benchmark: requests per second and latency of every page type, "
        "cached and not, per corpus size and database.",
    )
    parser.add_argument(
        "--news",
        type=int,
        action="append",
        help="news items per language (default 10000); repeat for several sizes",
    )
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--strategies", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--output", default="bench-results.json")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql"),
        help="only this database (default: SQLite, and PostgreSQL if DATABASE_URL names one)",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the corpus, time it, measure nothing"
    )
    parser.add_argument(
        "--newsroom",
        type=int,
        default=180,
        metavar="SECONDS",
        help="newsroom scenario after the load runs: 8 clients browse 200 pages while an "
        "editor saves a draft every 10 s and publishes every 60 s (0: skip)",
    )
    parser.add_argument("--no-report", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--reuse",
        metavar="FOLDER",
        help="measure again on a corpus kept with --keep (no new corpus, no index build)",
    )
    options = vars(parser.parse_args(argv))
    options["news"] = options["news"] or [10_000]
    return options


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def runs_planned(options):
    databases = [options["database"]] if options["database"] else ["sqlite"]
    if not options["database"] and postgres_url():
        databases.append("postgresql")
    return [(database, news) for database in databases for news in options["news"]]


class SiteBenchmark:
    """One run: one database (the process's default connection), one corpus size."""

    def __init__(self, options):
        self.options = options
        self.news = options["news"][0]

    def run(self):
        options = self.options
        if not shutil.which("wrk") and not options["build_only"]:
            raise BenchmarkError("wrk is needed: apt-get install -y wrk")
        reuse = options["reuse"]
        self.folder = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="vlgsite-bench-site-"))
        original_name = connection.settings_dict["NAME"]
        self.database_url = self.throwaway_database()
        print(f"[{connection.vendor}, {self.news} news] throwaway database: {self.database_url}")
        if reuse:
            connection.settings_dict["NAME"] = connection.settings_dict["TEST"]["NAME"]
            connection.close()
            corpus = json.loads((self.folder / "corpus.json").read_text())
        else:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.redis = RedisServer(self.folder) if shutil.which("redis-server") else None
        try:
            if not reuse:
                corpus = self.build()
                (self.folder / "corpus.json").write_text(json.dumps(corpus))
            if options["build_only"]:
                return
            queries = self.count_queries(corpus["paths"])
            connection.close()
            runs = {mode: self.load(corpus["paths"], mode) for mode in ("uncached", "cached")}
            newsroom = self.newsroom() if options["newsroom"] else None
            store(options["output"], {**self.results(corpus, queries, runs), "newsroom": newsroom})
        finally:
            if self.redis:
                self.redis.stop()
            if options["keep"] or reuse:
                print(f"Kept: {self.folder} (measure again: --reuse {self.folder})")
            else:
                connection.creation.destroy_test_db(original_name, verbosity=0)
                shutil.rmtree(self.folder, ignore_errors=True)

    def throwaway_database(self):
        """The test database's name (created and dropped by Django) and its URL."""
        test = connection.settings_dict["TEST"]
        if connection.vendor == "sqlite":
            test["NAME"] = str(self.folder / "bench.sqlite3")
            return f"sqlite:///{test['NAME']}"
        if connection.vendor == "postgresql":
            test["NAME"] = POSTGRES_DATABASE
            return urlsplit(postgres_url())._replace(path=f"/{POSTGRES_DATABASE}").geturl()
        raise BenchmarkError(f"No throwaway database on {connection.vendor}.")

    def build(self):
        call_command("createcachetable", verbosity=0)
        stages = {}
        counts, paths = build_site_corpus(
            random.Random(self.options["seed"]),
            news=self.news,
            projects=self.options["projects"],
            strategies=self.options["strategies"],
            stages=stages,
        )
        total = round(sum(s for name, s in stages.items() if not name.startswith("of which")), 1)
        if connection.vendor == "postgresql":
            print(f"VACUUM ANALYZE after the build (not counted): {settle_database():.1f} s")
        print(
            f"Corpus: {sum(counts.values())} pages "
            f"({', '.join(f'{n} {kind}' for kind, n in counts.items())}) built in {total} s: "
            + ", ".join(f"{stage} {seconds} s" for stage, seconds in stages.items())
        )
        return {"counts": counts, "paths": paths, "corpus_build_s": total, "stages": stages}

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
                    raise BenchmarkError(f"{name} {path}: HTTP {response.status_code}")
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                counts[name] = len(captured.captured_queries)
        return counts

    def server_environment(self, cached):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vlgsite.settings.production",
            "SECRET_KEY": "benchmark-only-" + "x" * 50,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "DATABASE_URL": self.database_url,
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

    def load(self, paths, mode):
        environment = self.server_environment(cached=mode == "cached")
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"],
            env=environment,
            check=True,
            cwd=settings.BASE_DIR,
        )
        port = free_port()
        server_log = (self.folder / f"server-{mode}.log").open("w")
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
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            if not listening(port, seconds=60):
                raise BenchmarkError(f"gunicorn did not start within 60 s, see {server_log.name}")
            rows = {"static file": self.wrk(port, STATIC_PATH)}
            for name, path in paths.items():
                rows[name] = self.wrk(port, path)
            rows["static file (again)"] = self.wrk(port, STATIC_PATH)
            memory = peak_memory_kb(server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            server_log.close()
        for name, row in rows.items():
            print(
                f"  {mode:<8} {name:<24} {row['rps']:>8.1f} req/s  "
                f"p50 {row['p50_ms']:>7.1f} ms  p99 {row['p99_ms']:>7.1f} ms"
            )
        print(
            f"  {mode:<8} peak memory per worker: {', '.join(f'{kb // 1024} MB' for kb in memory)}"
        )
        return {"rows": rows, "worker_peak_kb": memory}

    def newsroom(self):
        """The newsroom scenario (tests/benchmarks/newsroom.py) on this corpus, served as
        the cached run is; last, since its editor writes drafts and publications."""
        print(f"  newsroom: {self.options['newsroom']} s, 8 clients, 200 pages …")
        result = serve_newsroom(
            self.server_environment(cached=True),
            self.folder / "server-newsroom.log",
            self.redis.url if self.redis else None,
            {
                "pages": 200,
                "seed": self.options["seed"],
                "workers": self.options["workers"],
                "threads": 1,
                "duration": self.options["newsroom"],
                "clients": 8,
                "draft_every": 10,
                "publish_every": 60,
            },
        )
        print_newsroom(result)
        return result

    def wrk(self, port, path):
        row = wrk(
            f"http://localhost:{port}{path}",
            duration=self.options["duration"],
            connections=self.options["connections"],
        )
        if row["errors"]:
            raise BenchmarkError(f"{path}: {row['errors']} responses were not 2xx/3xx")
        return row

    def results(self, corpus, queries, runs):
        rows = []
        for mode, measured in runs.items():
            statics = measured["rows"]["static file"], measured["rows"]["static file (again)"]
            static = sum(row["rps"] for row in statics) / 2
            for name, path in corpus["paths"].items():
                row = measured["rows"][name]
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "mode": mode,
                        **row,
                        "static_rps": round(static, 1),
                        "share_of_static": round(row["rps"] / static, 4),
                        "sql_queries": queries[name],
                    }
                )
        return {
            "database": connection.vendor,
            "news": self.news,
            "corpus": corpus["counts"],
            "corpus_build_s": corpus["corpus_build_s"],
            "corpus_stages_s": corpus.get("stages", {}),
            "shared_cache": "redis" if self.redis else "database",
            "worker_peak_kb": {mode: measured["worker_peak_kb"] for mode, measured in runs.items()},
            "wrk": {
                "duration_s": self.options["duration"],
                "connections": self.options["connections"],
                "gunicorn_workers": self.options["workers"],
            },
            "rows": rows,
        }


def run_each(options, argv):
    """Each planned run in a process of its own: Django connects to one database per
    process (DATABASE_URL)."""
    for database, news in runs_planned(options):
        environment = dict(os.environ)
        if database == "sqlite":
            environment.pop("DATABASE_URL", None)
        others = strip_options(argv, ("--news", "--database"))
        command = [sys.executable, "-m", "tests.benchmarks.site", *others]
        command += ["--database", database, "--news", str(news), "--no-report"]
        if subprocess.run(command, env=environment, cwd=settings.BASE_DIR).returncode:
            raise BenchmarkError(f"the run on {database} with {news} news failed")


def strip_options(argv, names):
    kept, skip = [], False
    for argument in argv:
        if skip:
            skip = False
        elif argument in names:
            skip = True
        elif not argument.startswith(tuple(f"{name}=" for name in names)):
            kept.append(argument)
    return kept


def main(argv=None):
    sys.stdout.reconfigure(line_buffering=True)  # progress lines as they come, also in a pipe
    argv = sys.argv[1:] if argv is None else argv
    options = arguments(argv)
    try:
        planned = runs_planned(options)
        if len(planned) == 1 and planned[0][0] == connection.vendor:
            SiteBenchmark(options).run()
        elif options["reuse"]:
            raise BenchmarkError("--reuse measures one database and one size: add --database")
        else:
            run_each(options, argv)
        if not (options["build_only"] or options["no_report"]):
            report(options["output"])
    except BenchmarkError as error:
        sys.exit(f"Benchmark failed: {error}")


if __name__ == "__main__":
    main()
