"""`migrate` is enough: a new database prepared by `manage.py migrate` alone (besides
`collectstatic`, which prepares files, not the database) serves its first requests with
the production settings, through gunicorn; and `check --deploy` says when no cache server
is configured."""

import http.client

import pytest

from tests.production.environment import manage, production_env
from tests.servers import gunicorn_serving

HOST = "www.example.ch"


def get(port, path):
    """A GET as the TLS-terminating proxy passes it on (docs/deployment.md)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def migrated_only(tmp_path_factory):
    """gunicorn with the production settings on an SQLite file made by `migrate` alone."""
    folder = tmp_path_factory.mktemp("migrate-only")
    env = production_env(folder, LOG_LEVEL="WARNING")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    log_path = folder / "gunicorn.log"
    with gunicorn_serving(env, log_path, lambda port: get(port, "/healthz")) as port:
        yield port


def test_the_empty_site_says_so_in_german(migrated_only):
    status, body = get(migrated_only, "/de/")
    assert status == 200, body[-2000:]
    assert "Diese Website hat noch keine Inhalte." in body
    assert 'href="/admin/"' in body
    assert "Welcome to your new Wagtail site" not in body


def test_the_admin_login_answers(migrated_only):
    status, body = get(migrated_only, "/admin/login/")
    assert status == 200, body[-2000:]
    assert 'name="password"' in body


def test_check_deploy_warns_without_a_cache_server(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy")
    assert "vlgsite.W001" in result.stderr + result.stdout
    assert "CACHE_URL" in result.stderr + result.stdout


def test_check_deploy_is_content_with_a_cache_server(tmp_path):
    env = production_env(tmp_path, CACHE_URL="redis://127.0.0.1:6379/0")
    result = manage(env, "check", "--deploy")
    assert "vlgsite.W001" not in result.stderr + result.stdout
