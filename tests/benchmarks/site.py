"""Benchmark of the whole site through a real server: `make bench` (not a test), or
`.venv/bin/python -m tests.benchmarks.site --help`.

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

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.benchmarks.corpus import build_site_corpus
from tests.benchmarks.load import BenchmarkError, RedisServer, free_port, listening, wrk
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


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.site",
        description="Benchmark: requests per second and latency of every page type, "
        "cached and not.",
    )
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
    return vars(parser.parse_args(argv))


class SiteBenchmark:
    def __init__(self, options):
        self.options = options

    def run(self):
        options = self.options
        if not shutil.which("wrk"):
            raise BenchmarkError("wrk is needed: apt-get install -y wrk")
        if connection.vendor != "sqlite":
            raise BenchmarkError("The benchmark builds a throwaway SQLite database; use SQLite.")
        reuse = options["reuse"]
        self.folder = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="vlgsite-bench-site-"))
        database = self.folder / "bench.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(database)
        original_name = connection.settings_dict["NAME"]
        print(f"Throwaway database: {database}")
        if reuse:
            connection.settings_dict["NAME"] = str(database)
            connection.close()
            corpus = json.loads((self.folder / "corpus.json").read_text())
        else:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.redis = RedisServer(self.folder) if shutil.which("redis-server") else None
        try:
            if not reuse:
                corpus = self.build()
                (self.folder / "corpus.json").write_text(json.dumps(corpus))
            queries = self.count_queries(corpus["paths"])
            connection.close()
            runs = {
                mode: self.load(database, corpus["paths"], mode) for mode in ("uncached", "cached")
            }
            results = self.results(corpus, queries, runs)
            report(results)
            Path(options["output"]).write_text(json.dumps(results, indent=2) + "\n")
            print(f"Written to {options['output']}")
        finally:
            if self.redis:
                self.redis.stop()
            if options["keep"] or reuse:
                print(f"Kept: {self.folder} (measure again: --reuse {self.folder})")
            else:
                connection.creation.destroy_test_db(original_name, verbosity=0)
                shutil.rmtree(self.folder, ignore_errors=True)

    def build(self):
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        counts, paths = build_site_corpus(
            random.Random(self.options["seed"]),
            news=self.options["news"],
            projects=self.options["projects"],
            strategies=self.options["strategies"],
        )
        corpus_time = time.perf_counter() - started
        print(
            f"Corpus: {sum(counts.values())} pages "
            f"({', '.join(f'{n} {kind}' for kind, n in counts.items())}) "
            f"built in {corpus_time:.0f} s"
        )
        started = time.perf_counter()
        call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        index_time = time.perf_counter() - started
        print(f"Search index (database backend) built in {index_time:.1f} s")
        return {
            "counts": counts,
            "paths": paths,
            "corpus_build_s": round(corpus_time, 1),
            "search_index_build_s": round(index_time, 1),
        }

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
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            server_log.close()
        for name, row in rows.items():
            print(
                f"  {mode:<8} {name:<24} {row['rps']:>8.1f} req/s  "
                f"p50 {row['p50_ms']:>7.1f} ms  p99 {row['p99_ms']:>7.1f} ms"
            )
        return rows

    def wrk(self, port, path):
        row = wrk(
            f"http://localhost:{port}{path}",
            duration=self.options["duration"],
            connections=self.options["connections"],
        )
        if row["errors"]:
            raise BenchmarkError(f"{path}: {row['errors']} responses were not 2xx/3xx")
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


def report(results):
    header = (
        f"{'page':<24} {'mode':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'% static':>9} {'target':>7} {'SQL':>4}"
    )
    print("")
    print(header)
    print("-" * len(header))
    for row in results["rows"]:
        verdict = "met" if row["target_met"] else "MISSED"
        print(
            f"{row['page']:<24} {row['mode']:<8} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['share_of_static'] * 100:>8.1f}% "
            f"{row['target_share'] * 100:>4.0f}% {verdict:<6} {row['sql_queries']:>3}"
        )
    statics = sorted({(row["mode"], row["static_rps"]) for row in results["rows"]})
    for mode, rate in statics:
        print(f"static file ({STATIC_PATH}), {mode} run: {rate:.1f} req/s")
    print(f"Search index build: {results['search_index_build_s']} s")
    print(f"Shared cache: {results['shared_cache']}")
    over = [row["page"] for row in results["rows"] if not row["query_budget_met"]]
    print(
        f"SQL budget ({QUERY_BUDGET} per page): "
        + ("met on every page" if not over else f"over on {', '.join(sorted(set(over)))}")
    )


def main(argv=None):
    sys.stdout.reconfigure(line_buffering=True)  # progress lines as they come, also in a pipe
    try:
        SiteBenchmark(arguments(argv)).run()
    except BenchmarkError as error:
        sys.exit(f"Benchmark failed: {error}")


if __name__ == "__main__":
    main()
