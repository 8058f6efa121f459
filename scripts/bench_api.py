"""Response times of the API through a real server (not a test).

Serves the site with gunicorn (2 workers) on a free port and requests, one after the
other, the news listing and one project's detail 200 times each; prints p50, p90 and
the mean in milliseconds.

    .venv/bin/python scripts/bench_api.py                 # prepares its own demo database
    .venv/bin/python scripts/bench_api.py --database-url sqlite:////path/db.sqlite3 \
        --media-root /path/media                          # an already prepared one
"""

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.api.live_server import PREPARE, LiveAPIServer  # noqa: E402

REQUESTS = 200


def timed_get(connection, path):
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed, body


def measure(port, path, count=REQUESTS):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(5):  # warm up: renditions, caches, connections
        timed_get(connection, path)
    times = [timed_get(connection, path)[0] * 1000 for _ in range(count)]
    connection.close()
    times.sort()
    return {
        "path": path,
        "requests": count,
        "p50_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(count * 0.9) - 1], 1),
        "mean_ms": round(statistics.fmean(times), 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a prepared database (else a fresh demo one)")
    parser.add_argument("--media-root", help="its media folder")
    args = parser.parse_args()
    server = LiveAPIServer()
    if args.database_url:
        server.env["DATABASE_URL"] = args.database_url
        if args.media_root:
            server.env["MEDIA_ROOT"] = args.media_root
        commands = [["migrate", "--noinput"], ["createcachetable"]]
    else:
        print("Preparing a demo database (a few minutes) …", file=sys.stderr)
        commands = PREPARE
    try:
        server.prepare_in_background(commands=commands)
        server.start()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        _elapsed, body = timed_get(
            connection, "/api/v2/pages/?type=strategy.ProjectPage&locale=de&limit=1"
        )
        project = json.loads(body)["items"][0]["id"]
        results = [
            measure(server.port, "/api/v2/pages/?type=news.NewsPage"),
            measure(server.port, f"/api/v2/pages/{project}/"),
        ]
    finally:
        server.stop(keep_database=bool(args.database_url))
    for result in results:
        print(
            f"{result['path']}: p50 {result['p50_ms']} ms, p90 {result['p90_ms']} ms, "
            f"mean {result['mean_ms']} ms ({result['requests']} requests)"
        )


if __name__ == "__main__":
    main()
