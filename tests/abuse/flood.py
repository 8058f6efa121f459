"""Abuse script (not a test): `make abuse`, or `.venv/bin/python -m tests.abuse.flood --help`.

Floods the page cache of a real server and shows that what protects the site holds:

1. builds a throwaway site (SQLite with the demo content, an admin account) in a
   temporary folder and starts a throwaway Redis as docs/deployment.md says (maxmemory,
   allkeys-lru) and gunicorn with the production settings, both on 127.0.0.1 only;
2. locks the admin login of one username/address pair (django-axes) and uses up the
   feedback form's rate limit;
3. sends a bounded number of page requests with made-up query strings (?utm_x=N) and of
   API requests with query strings the API reads, then fills Redis beyond its maxmemory
   (memory pressure: Redis evicts);
4. prints requests, answers, keys and memory of Redis before and after, and whether the
   lockout and the rate limit are still in force. Exits non-zero if either was lost or
   the flood stored a page per made-up query string.

Nothing but loopback addresses is contacted; every loop is bounded.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import redis

from tests.benchmarks.load import free_port, listening
from tests.production.environment import production_env
from tests.production.redis_server import start_redis, stop_redis

PROJECT = Path(__file__).resolve().parents[2]
USERNAME, PASSWORD = "redaktorin", "Tannenbaum-Velo-Kaffee-17"
SETUP = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser({USERNAME!r}, password={PASSWORD!r})
"""


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.abuse.flood",
        description="Flood the page cache of a real server (loopback only) and show that a "
        "login lockout and the feedback rate limit hold.",
    )
    parser.add_argument("--requests", type=int, default=2000, help="made-up query strings")
    parser.add_argument("--api-requests", type=int, default=300, help="API query strings")
    parser.add_argument("--maxmemory", default="16mb", help="Redis maxmemory")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args(argv)
    options.requests = min(options.requests, 20_000)  # bounded, whatever is asked
    options.api_requests = min(options.api_requests, 2_000)
    return options


class Browser:
    """One client of the server: its own cookies, plain HTTP to 127.0.0.1."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, cookie_value = value.split(";", 1)[0].split("=", 1)
                self.cookies[cookie_name.strip()] = cookie_value.strip()
        connection.close()
        return response.status, dict(response.getheaders()), content

    def form(self, path):
        """The hidden fields of the form at path (CSRF token, one-time token)."""
        _status, _headers, html = self.request("GET", path)
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        return fields, html


class Flood:
    def __init__(self, options):
        self.options = options
        self.folder = Path(tempfile.mkdtemp(prefix="vlgsite-abuse-"))
        self.redis_process = self.server = None

    def run(self):
        try:
            return self._run()
        finally:
            if self.server:
                os.killpg(self.server.pid, signal.SIGTERM)
                self.server.wait(timeout=30)
            if self.redis_process:
                stop_redis(self.redis_process)
            if self.options.keep:
                print(f"Kept: {self.folder}")
            else:
                shutil.rmtree(self.folder, ignore_errors=True)

    def environment(self, redis_url, port):
        return production_env(
            self.folder,
            ALLOWED_HOSTS="127.0.0.1",
            REDIS_URL=redis_url,
            PAGE_CACHE_SECONDS="300",
            SECURE_SSL_REDIRECT="false",  # plain HTTP on 127.0.0.1
            EMAIL_DELIVERY_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            LOG_LEVEL="WARNING",
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
        )

    def manage(self, environment, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def _run(self):
        options = self.options
        self.redis_process, redis_url = start_redis(
            self.folder, "--maxmemory", options.maxmemory, "--maxmemory-policy", "allkeys-lru"
        )
        store = redis.Redis.from_url(redis_url)
        port = free_port()
        environment = self.environment(redis_url, port)
        print(f"Throwaway site in {self.folder}: migrate, demo content, static files …")
        self.manage(environment, "migrate", "--noinput")
        self.manage(environment, "load_demo_content")
        self.manage(environment, "collectstatic", "--noinput")
        self.manage(environment, "shell", "-c", SETUP)
        log = (self.folder / "server.log").open("w")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "vlgsite/gunicorn.conf.py", "vlgsite.wsgi"],
            cwd=PROJECT,
            env=environment,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if not listening(port, seconds=60):
            sys.exit(f"gunicorn did not start within 60 s, see {log.name}")
        print(
            f"gunicorn (production settings) on 127.0.0.1:{port}, Redis {redis_url} "
            f"(maxmemory {options.maxmemory}, allkeys-lru)\n"
        )

        attacker = Browser(port)
        feedback_path = self.feedback_path(attacker)
        lockout = self.lock_login(attacker)
        rate_limit = self.use_up_feedback(attacker, feedback_path)
        print(
            f"Before the flood: login of {USERNAME!r} with the right password -> "
            f"{lockout}; 6th feedback post -> {rate_limit}"
        )

        pages = ["/de/", "/de/aktuelles/", "/fr/", "/de/projekte/"]
        for path in pages:
            Browser(port).request("GET", path)  # the plain page, stored once
        before = self.redis_numbers(store)
        started = time.monotonic()
        made_up = [f"{pages[n % len(pages)]}?utm_x={n}" for n in range(options.requests)]
        flood = self.send_all(port, made_up)
        middle = self.redis_numbers(store)
        api = "/api/v2/pages/?type=news.NewsPage&fields=title"
        api_flood = self.send_all(
            port, [f"{api}&limit=1&offset={n}" for n in range(options.api_requests)]
        )
        seconds = time.monotonic() - started
        after = self.redis_numbers(store)
        print(
            f"Flood: {options.requests} made-up query strings on {len(pages)} pages and "
            f"{options.api_requests} API query strings in {seconds:.1f} s"
        )
        print(
            f"  made-up query strings: status {dict(flood['status'])}, "
            f"page cache {dict(flood['cache'])}"
        )
        print(
            f"  API query strings:     status {dict(api_flood['status'])}, "
            f"page cache {dict(api_flood['cache'])}"
        )
        self.print_numbers("Redis before the flood     ", before)
        self.print_numbers("after made-up query strings", middle)
        self.print_numbers("after API query strings    ", after)

        # Memory pressure beyond maxmemory: Redis evicts what it holds.
        filler = b"x" * 50_000
        for number in range(1, 2000):
            store.set(f"pressure:{number}", filler)
            if store.info("stats")["evicted_keys"] > after["evicted_keys"] + 200:
                break
        pressed = self.redis_numbers(store)
        self.print_numbers("Redis under memory pressure", pressed)

        lockout_after = self.login(attacker, PASSWORD)
        rate_limit_after = self.post_feedback(attacker, feedback_path)
        print(
            f"\nAfter flood and eviction: login of {USERNAME!r} with the right password -> "
            f"{lockout_after} {'(lockout in force)' if lockout_after == 429 else '(LOST)'}"
        )
        print(
            f"After flood and eviction: feedback post -> {rate_limit_after} "
            f"{'(rate limit in force)' if rate_limit_after == 429 else '(LOST)'}"
        )
        stored_per_made_up = (middle["keys"] - before["keys"]) / max(1, options.requests)
        failures = []
        if lockout != 429 or lockout_after != 429:
            failures.append("login lockout lost")
        if rate_limit != 429 or rate_limit_after != 429:
            failures.append("feedback rate limit lost")
        if flood["cache"].get("miss", 0) or stored_per_made_up > 0.01:
            failures.append("made-up query strings were stored")
        if pressed["evicted_keys"] == 0:
            failures.append("Redis evicted nothing: raise the pressure")
        print("\nResult:", "; ".join(failures) if failures else "everything held")
        return 1 if failures else 0

    def feedback_path(self, browser):
        _status, _headers, body = browser.request(
            "GET", "/api/v2/pages/?type=home.FeedbackPage&locale=de&fields=html_url"
        )
        html_url = re.search(r'"html_url":\s*"([^"]+)"', body).group(1)
        return re.sub(r"^https?://[^/]+", "", html_url)

    def login(self, browser, password):
        fields, _html = browser.form("/admin/login/")
        form = {**fields, "username": USERNAME, "password": password}
        return browser.request("POST", "/admin/login/", form)[0]

    def lock_login(self, browser):
        for _ in range(5):
            self.login(browser, "Sommer2026!!")
        return self.login(browser, PASSWORD)

    def post_feedback(self, browser, path):
        fields, html = browser.form(path)
        commune = re.search(r'<option value="(\d+)"', html)
        form = {
            **fields,
            "category": "idea",
            "subject": "Ein Formular für alle Gemeinden",
            "message": "Viele Gemeinden bauen dasselbe Formular.",
            "commune": commune.group(1) if commune else "",
            "name": "Anna Muster",
            "role": "Gemeindeschreiberin",
            "email": "anna.muster@example.ch",
            "consent": "on",
            "homepage": "",
        }
        return browser.request("POST", path, form)[0]

    def use_up_feedback(self, browser, path):
        answers = [self.post_feedback(browser, path) for _ in range(5)]
        if set(answers) != {303}:
            sys.exit(f"The feedback form did not accept the first five posts: {answers}")
        return self.post_feedback(browser, path)

    def send_all(self, port, paths):
        counts = {"status": Counter(), "cache": Counter()}

        def get(path):
            status, headers, _body = Browser(port).request("GET", path)
            return status, headers.get("X-Page-Cache", "not stored")

        with ThreadPoolExecutor(self.options.connections) as pool:
            for status, cache in pool.map(get, paths):
                counts["status"][status] += 1
                counts["cache"][cache] += 1
        return counts

    @staticmethod
    def redis_numbers(store):
        info = store.info()
        return {
            "keys": store.dbsize(),
            "memory_mb": info["used_memory"] / 1e6,
            "evicted_keys": info["evicted_keys"],
        }

    @staticmethod
    def print_numbers(label, numbers):
        print(
            f"  {label}: {numbers['keys']:>6} keys, {numbers['memory_mb']:6.1f} MB, "
            f"{numbers['evicted_keys']:>6} evicted so far"
        )


def main(argv=None):
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(Flood(arguments(argv)).run())


if __name__ == "__main__":
    main()
