"""Query plans of the site's listings: `make plans` (not a test), or
`.venv/bin/python -m tests.benchmarks.plans --help`.

Builds the benchmark corpus (tests/benchmarks/corpus.py) in a throwaway database (SQLite,
or the test database of DATABASE_URL's PostgreSQL), requests each listing as an anonymous
visitor and prints the plan of every SQL query it made the second time (SQLite's
`EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN`). A plan that reads a big table in full or
sorts it is flagged: the listings must fetch one page of results through an index.

SQLite plans are shown without ANALYZE (a production SQLite has no statistics either);
PostgreSQL's after VACUUM ANALYZE (autovacuum keeps them in production).
"""

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.benchmarks.corpus import build_site_corpus, settle_database

# Lines of a plan that mean work growing with the listing (SQLite, PostgreSQL).
SLOW_MARKS = (
    "TEMP B-TREE",
    "Sort Key",
    "Seq Scan on news_newspage",
    "Seq Scan on wagtailcore_page",
    "Seq Scan on strategy_projectpage",
)
CACHE_TABLES = ("vlgsite_cache",)
LISTING_TABLES = ('"news_newspage"', '"strategy_projectpage"', "OFFSET")


def listing_urls():
    """The listings of the site and the API, with what changes their query (filters, a
    deep page). The corpus's news are on the topics e-government … informatik."""
    return {
        "news index": "/de/aktuelles/",
        "news index, page 40": "/de/aktuelles/?page=40",
        "news index, topic": "/de/aktuelles/?topic=steuern",
        "news index, year": "/de/aktuelles/?year=" + str(time.localtime().tm_year),
        "news feed (RSS)": "/de/aktuelles/feed/rss/",
        "news feed of a topic (Atom)": "/de/aktuelles/feed/atom/steuern/",
        "catalogue": "/de/projekte/",
        "catalogue, two filters": "/de/projekte/?status=in_progress&topic=steuern",
        "API news listing": "/api/v2/pages/?type=news.NewsPage&locale=de",
        "API news, newest first": "/api/v2/pages/?type=news.NewsPage&locale=de&order=-date",
        "API news, deep offset": (
            "/api/v2/pages/?type=news.NewsPage&locale=de&order=-date&offset=1000"
        ),
        "API projects": "/api/v2/pages/?type=strategy.ProjectPage&locale=de",
        "API pages": "/api/v2/pages/?locale=de",
    }


def explain(sql):
    """The plan of one query, as lines."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + sql)
        return [row[0] for row in cursor.fetchall()]


def is_listing_query(sql):
    """A query of the listing itself: its items or a count, not the page frame's."""
    return any(table in sql for table in LISTING_TABLES) or "COUNT(" in sql


def is_slow(plan):
    return any(mark in line for line in plan for mark in SLOW_MARKS) or any(
        line.startswith("SCAN ") and " USING " not in line for line in plan
    )


def listing_plans(urls=None):
    """{name: [(sql, plan lines)]}: the queries of each listing's second request (the
    caches warm) and their plans."""
    client = Client(HTTP_HOST="localhost")
    plans = {}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["localhost"], PAGE_CACHE_SECONDS=0):
        for name, url in (urls or listing_urls()).items():
            status = client.get(url).status_code
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = [
                query["sql"]
                for query in captured
                if not any(table in query["sql"] for table in CACHE_TABLES)
            ]
            plans[name] = {
                "url": url,
                "status": status,
                "queries": [(sql, explain(sql)) for sql in queries if sql.startswith("SELECT")],
            }
    return plans


def report(plans, verbose=False):
    """Print the plans of each listing's own queries (its items, its counts); with
    verbose, of every query of the request."""
    print(f"Query plans on {connection.vendor}")
    for name, listing in plans.items():
        queries = listing["queries"]
        own = [query for query in queries if verbose or is_listing_query(query[0])]
        slow = [query for query in own if is_slow(query[1])]
        print(f"\n== {name}: {listing['url']} (HTTP {listing['status']})")
        print(
            f"   {len(queries)} queries, {len(own)} of the listing, "
            f"{len(slow)} of them with a full scan or sort"
        )
        for sql, plan in own:
            shown = sql if verbose else sql[sql.find(" FROM ") :][:700]
            print(f"   -- {shown}")
            for line in plan:
                print(f"      {line}")


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.plans",
        description="Query plans of every listing on a corpus of that many news.",
    )
    parser.add_argument("--news", type=int, default=3000)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--strategies", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--verbose", action="store_true", help="every plan, not only slow ones")
    parser.add_argument("--output", help="also write the plans as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument("--reuse", metavar="FOLDER", help="a SQLite corpus kept with --keep")
    return vars(parser.parse_args(argv))


def main(argv=None):
    options = arguments(argv)
    sqlite = connection.vendor == "sqlite"
    folder = Path(options["reuse"] or tempfile.mkdtemp(prefix="vlgsite-plans-"))
    original_name = connection.settings_dict["NAME"]
    if sqlite:
        connection.settings_dict["TEST"]["NAME"] = str(folder / "plans.sqlite3")
    if options["reuse"]:
        connection.settings_dict["NAME"] = str(folder / "plans.sqlite3")
        connection.close()
        call_command("migrate", verbosity=0)  # a newer index on the kept corpus
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        if not options["reuse"]:
            call_command("createcachetable", verbosity=0)
            started = time.perf_counter()
            counts, _paths = build_site_corpus(
                random.Random(options["seed"]),
                news=options["news"],
                projects=options["projects"],
                strategies=options["strategies"],
            )
            print(f"Corpus: {counts} in {time.perf_counter() - started:.0f} s")
        settle_database()
        plans = listing_plans()
        report(plans, options["verbose"])
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(plans, indent=2) + "\n")
    finally:
        if options["keep"] and sqlite:
            print(f"\nKept: {folder} (again: --reuse {folder})")
        else:
            connection.creation.destroy_test_db(original_name, verbosity=0)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
