"""The production settings, loaded as a server would load them: in a separate process
with only the environment variables an operator sets."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production.environment import production_env

PROJECT = Path(__file__).resolve().parents[2]

# A request through the whole production middleware stack, without a database.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="www.example.ch")
answers = {"headers": dict(client.get("/healthz", secure=True).items())}
# Pages that set cookies need the database, which this test does not migrate.
answers["cookies"] = {
    name: getattr(settings, name)
    for name in [
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
    ]
}
insecure = client.get("/de/")
answers["insecure"] = insecure.status_code, insecure["Location"]
answers["health_over_http"] = client.get("/healthz").status_code
# A request that is logged (405): its query string must not reach the log.
client.post("/healthz?email=anna.muster@example.ch", secure=True)
print(json.dumps(answers))
"""


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_reports_nothing(tmp_path):
    # As docs/deployment.md sets it up: with a cache server (test_migrate_only.py: without).
    env = production_env(tmp_path, CACHE_URL="redis://127.0.0.1:6379/0")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_start_fails_clearly_without(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("EMAIL_TIMEOUT", "10s", "EMAIL_TIMEOUT must be a whole number, not '10s'."),
        ("SEARCH_TIMEOUT", "fast", "SEARCH_TIMEOUT must be a number, not 'fast'."),
    ],
)
def test_start_fails_clearly_with_a_malformed_number(tmp_path, name, value, message):
    result = run(["manage.py", "check"], production_env(tmp_path, **{name: value}))
    assert result.returncode != 0
    assert message in result.stderr


@pytest.fixture(scope="module")
def production_answers(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    result = run(["-c", PROBE], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_production_sends_hsts_and_security_headers(production_answers):
    answers, _ = production_answers
    headers = answers["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]


def test_production_cookies_are_secure_and_http_only(production_answers):
    answers, _ = production_answers
    assert all(answers["cookies"].values()), answers["cookies"]


def test_production_redirects_to_https_except_health_checks(production_answers):
    answers, _ = production_answers
    assert answers["insecure"] == [301, "https://www.example.ch/de/"]
    assert answers["health_over_http"] == 200


def test_production_logs_json_lines_without_query_string(production_answers):
    _, stderr = production_answers
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "vlgsite.requests"]
    # The GETs of /healthz are not logged, the refused POST is.
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/de/", 301),
        ("POST", "/healthz", 405),
    ]
    assert "anna.muster" not in stderr
    assert "127.0.0.1" not in json.dumps(requests)
    assert {"time", "level", "duration_ms", "bytes"} <= set(requests[0])
