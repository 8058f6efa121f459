"""The site benchmark's results (tests/benchmarks/site.py): stored per database and corpus
size in one JSON file, so that runs of different sizes (and days) make one table; the
targets of issue 22 met or missed, the ratio of the largest to the smallest size per page
type, the gunicorn workers' peak memory beside the caches' configured limits."""

import json
from pathlib import Path

from django.conf import settings

from vlgsite.settings.base import shared_caches

# Uncached, as a share of the static-file rate of the same run: listings at least 4 %,
# detail pages at least 5 % (at 10 000 news, SQLite and PostgreSQL). Cached: 50 %.
TARGETS = {
    "home page": 0.04,
    "news index": 0.04,
    "news page": 0.05,
    "catalogue, two filters": 0.04,
    "project page": 0.05,
    "search page": 0.04,
    "API news listing": 0.04,
    "API project": 0.05,
}
CACHED_TARGET = 0.50
# From the smallest to the largest corpus: no page type more than this much slower
# (time per request relative to the static file's of the same run).
SCALE_TARGET = 1.5
QUERY_BUDGET = 12
LOCMEM_DEFAULT_ENTRIES = 300  # Django's LocMemCache without MAX_ENTRIES


def read(path):
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {"runs": {}}
    return data if isinstance(data.get("runs"), dict) else {"runs": {}}


def store(path, results):
    """Add one run's results (replacing an earlier run of the same database and size)."""
    for row in results["rows"]:
        target = CACHED_TARGET if row["mode"] == "cached" else TARGETS[row["page"]]
        row["target_share"] = target
        row["target_met"] = row["share_of_static"] >= target
        row["query_budget_met"] = row["sql_queries"] <= QUERY_BUDGET
    data = read(path)
    data["runs"].setdefault(results["database"], {})[str(results["news"])] = results
    Path(path).write_text(json.dumps(data, indent=2) + "\n")
    print(f"Written to {path} ({results['database']}, {results['news']} news)")


def report(path):
    data = read(path)
    for database, sizes in data["runs"].items():
        for news in sorted(sizes, key=int):
            run_table(sizes[news])
        if len(sizes) > 1:
            scale_table(database, sizes)
    memory_table(data["runs"])


def run_table(results):
    print(
        f"\n{results['database']}, {results['news']} news: {sum(results['corpus'].values())} "
        f"pages, built in {results['corpus_build_s']} s "
        f"({', '.join(f'{k} {v} s' for k, v in results.get('corpus_stages_s', {}).items())})"
    )
    header = (
        f"{'page':<24} {'mode':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'% static':>9} {'target':>7} {'SQL':>4}"
    )
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
    print(", ".join(f"static file, {mode} run: {rate:.1f} req/s" for mode, rate in statics))
    print(f"Shared cache: {results['shared_cache']}")
    over = sorted({row["page"] for row in results["rows"] if not row["query_budget_met"]})
    print(
        f"SQL budget ({QUERY_BUDGET} per page): "
        + ("met on every page" if not over else f"MISSED on {', '.join(over)}")
    )


def scale_table(database, sizes):
    """How much slower each page type is on the largest corpus than on the smallest: the
    time per request relative to the static file's (so that the machine's load between
    the two runs cancels out), and the raw p50 ratio."""
    small, large = (sizes[key] for key in sorted(sizes, key=int)[:: len(sizes) - 1])
    print(f"\n{database}: {large['news']} news against {small['news']} news")
    header = f"{'page':<24} {'mode':<8} {'slower':>7} {'p50':>7} {'target':>7}"
    print(header)
    print("-" * len(header))
    before = {(row["page"], row["mode"]): row for row in small["rows"]}
    for row in large["rows"]:
        earlier = before.get((row["page"], row["mode"]))
        if not earlier:
            continue
        slower = earlier["share_of_static"] / row["share_of_static"]
        p50 = row["p50_ms"] / earlier["p50_ms"]
        verdict = "met" if slower <= SCALE_TARGET else "MISSED"
        print(
            f"{row['page']:<24} {row['mode']:<8} {slower:>6.2f}× {p50:>6.2f}× "
            f"{SCALE_TARGET:>5.1f}× {verdict}"
        )


def memory_table(runs):
    """Peak resident memory per gunicorn worker after each load, per database and size;
    it should not grow with the corpus beyond what the caches in the workers may hold."""
    print("\nPeak memory per gunicorn worker (VmHWM after the load, MB)")
    for database, sizes in runs.items():
        cells = []
        for news in sorted(sizes, key=int):
            peaks = sizes[news].get("worker_peak_kb", {})
            text = "; ".join(
                f"{mode} {', '.join(str(kb // 1024) for kb in kbs)}" for mode, kbs in peaks.items()
            )
            cells.append(f"{news} news: {text}")
        print(f"  {database:<11} " + "  |  ".join(cells))
    pages = shared_caches("")["pages"]["OPTIONS"]["MAX_ENTRIES"]
    renditions = settings.CACHES["renditions"].get("OPTIONS", {}).get("MAX_ENTRIES")
    print(
        "Caches in a worker's memory: pages only without Redis (LocMem, at most "
        f"{pages} entries; with Redis they are outside the workers), renditions (LocMem, "
        f"at most {renditions or LOCMEM_DEFAULT_ENTRIES} entries), the content memory "
        "(home/cache/memory.py: per content version, keys bounded by the content)."
    )
