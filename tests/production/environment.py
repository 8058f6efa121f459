"""The environment of a throwaway site run with the production settings in its own folder
(SQLite, static files and media there), for tests and the abuse script, and `manage()`
to run a management command in it."""

import os
import subprocess
import sys

from tests.servers import PROJECT


def production_env(folder, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "OPENSEARCH", "ELASTICSEARCH"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="vlgsite.settings.production",
        SECRET_KEY="x9!" + "k3Pq-7zR_vW2" * 6,
        ALLOWED_HOSTS="www.example.ch",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
    )
    env.update(extra)
    return env


def manage(env, *args, timeout=600):
    """`manage.py *args` in another process with `env`; the test fails with its output
    when the command does."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result
