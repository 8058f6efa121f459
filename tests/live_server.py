"""A real server with the demo content, shared by the tests that need one (the API
contract test, the browser tests): gunicorn on a free port, serving its own SQLite file
database prepared by migrate + load_demo_content + update_index (one to three minutes;
started in the background as soon as the test run is collected, see tests/conftest.py).

The prepared database and media files are kept in ~/.cache/vlgsite/live-server/, under a
key made of the code and data that build them (every .py and .json file of the apps, the
versions of Django, Wagtail and wagtail-localize): the next run with the same code copies
them instead of building them again. Any change to that code builds them anew."""

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import metadata
from pathlib import Path

from tests.servers import free_port

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PREPARE = [
    ["migrate", "--noinput"],  # also creates the cache table (home/cache/setup.py)
    ["load_demo_content"],
    ["update_index"],
]
CACHE = Path.home() / ".cache" / "vlgsite" / "live-server"
APPS = ["home", "news", "strategy", "search", "vlgsite"]
PACKAGES = ["django", "wagtail", "wagtail-localize"]


def database_key(commands=PREPARE):
    """Changes whenever anything that builds the prepared database may have changed."""
    digest = hashlib.sha256(repr(commands).encode())
    for package in PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    for app in APPS:
        for path in sorted((PROJECT / app).rglob("*")):
            if path.suffix in {".py", ".json"} and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PROJECT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class LiveServer:
    """One per test run (`LiveServer.shared()`); `start()` waits for the database and
    returns the base URL, `stop()` ends the processes and removes the database."""

    _shared = None

    @classmethod
    def shared(cls):
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="vlgsite-live-server-"))
        self.log_path = self.directory / "server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.preparation = None
        self.cached = None
        self.server = None
        self.env = {
            key: value
            for key, value in os.environ.items()
            # The server searches its own database; no cluster, no test settings.
            if key not in {"ELASTICSEARCH_URL", "OPENSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="vlgsite.settings.dev",
            # As in production: the site's own 404 page, no debug pages.
            DEBUG="0",
            DATABASE_URL=f"sqlite:///{self.directory / 'db.sqlite3'}",
            MEDIA_ROOT=str(self.directory / "media"),
            STATIC_ROOT=str(self.directory / "static"),
            HEADLESS_PREVIEW_URL="http://127.0.0.1:9/preview/",
            LOG_LEVEL="WARNING",
            # The browser tests send the feedback form more often than a visitor may.
            FEEDBACK_RATE_LIMIT="100/10m",
            # … and the subscribe forms (tests/browser/test_subscriptions.py).
            SUBSCRIBE_RATE_LIMIT="100/10m",
            # And the helpfulness widget (tests/browser/test_helpfulness.py).
            HELPFULNESS_RATE_LIMIT="100/10m",
        )

    def prepare_in_background(self, commands=PREPARE):
        if self.preparation is None and self.cached is None:
            atexit.register(self.stop)
            self.log = self.log_path.open("ab")
            self.cached = CACHE / database_key(commands)
            if self.restore_from_cache():
                return
            script = " && ".join(
                " ".join([sys.executable, "manage.py", *command]) for command in commands
            )
            # Its own process group: stop() ends the shell and the command it runs.
            self.preparation = subprocess.Popen(
                ["/bin/sh", "-c", script],
                cwd=PROJECT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_tail(self, lines=40):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def start(self, timeout=600):
        """Wait for the database, start gunicorn (once), wait until it answers. Raises
        RuntimeError (with the log) when either fails."""
        if self.server is not None and self.server.poll() is None:
            return self.url
        self.prepare_in_background()
        if self.preparation is not None:
            self.wait_for_preparation(timeout)
        self.server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                # The site plus its static and media files.
                "tests.live_wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            cwd=PROJECT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(
                    f"the server exited ({self.server.returncode}):\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the server did not answer within 60 s:\n{self.log_tail()}")

    def wait_for_preparation(self, timeout):
        try:
            code = self.preparation.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            self.preparation.kill()
            raise RuntimeError(f"database preparation timed out:\n{self.log_tail()}") from error
        if code != 0:
            raise RuntimeError(f"database preparation failed ({code}):\n{self.log_tail()}")
        self.save_to_cache()

    def restore_from_cache(self):
        if not (self.cached / "db.sqlite3").exists():
            return False
        try:
            shutil.copytree(self.cached, self.directory, dirs_exist_ok=True)
            os.utime(self.cached)  # in use: not removed as stale
        except OSError:
            shutil.rmtree(self.directory / "media", ignore_errors=True)
            (self.directory / "db.sqlite3").unlink(missing_ok=True)
            return False
        return True

    def save_to_cache(self):
        """Keep the fresh database (the commands have closed it) and media for the next
        runs; other test runs (other checkouts) may read the cache at the same time, so an
        entry appears whole (rename) and only entries unused for a week are removed."""
        staging = CACHE / f".{self.cached.name}-{os.getpid()}"
        try:
            shutil.copytree(
                self.directory, staging, ignore=shutil.ignore_patterns(self.log_path.name)
            )
            staging.rename(self.cached)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
        week_ago = time.time() - 7 * 24 * 3600
        for entry in CACHE.iterdir():
            if entry.stat().st_mtime < week_ago:
                shutil.rmtree(entry, ignore_errors=True)

    def stop(self, keep_database=False):
        for process in (self.server, self.preparation):
            if process is None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if not keep_database:
            shutil.rmtree(self.directory, ignore_errors=True)
