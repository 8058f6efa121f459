import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import Locale, Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the demo content, built once per session."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def fresh_content_memory():
    """Each test starts without what the process remembered of another test's content:
    the test database is rolled back behind its back (home/cache/memory.py)."""
    from home.cache import memory

    memory.forget_here()
    caches["pages"].clear()  # without Redis, this process's memory, not a rolled-back table
    yield
    memory.forget_here()


@pytest.fixture(autouse=True)
def mail_through_the_outbox(settings):
    """Django's test set-up replaces EMAIL_BACKEND by its in-memory one; put the outbox
    back, so that a test sees a mail (in django.core.mail.outbox) only once
    `send_queued_mail` has delivered it, as in production (tests/mail.py)."""
    settings.EMAIL_BACKEND = "post_office.EmailBackend"


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def german(db):
    return Locale.objects.get(language_code="de")


# Tests that need the live server (tests/live_server.py) run last: its database is
# prepared in the background from the moment they are collected, while the others run.
LIVE_SERVER_TESTS = ("tests/api/test_openapi_contract.py", "tests/browser/")


def pytest_collection_modifyitems(session, config, items):
    live = [item for item in items if item.nodeid.startswith(LIVE_SERVER_TESTS)]
    if not live or config.option.collectonly:
        return
    others = [item for item in items if not item.nodeid.startswith(LIVE_SERVER_TESTS)]
    items[:] = others + live
    from tests.live_server import LiveServer

    LiveServer.shared().prepare_in_background()


@pytest.fixture(scope="session")
def live_site():
    """Base URL of a gunicorn server with the demo content in its own database."""
    from tests.live_server import LiveServer

    server = LiveServer.shared()
    try:
        url = server.start()
    except RuntimeError as error:
        server.stop()
        pytest.fail(f"The live server with the demo content did not start: {error}")
    yield url
    server.stop()
