import io
import logging
import re
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision

from home.mail import site_root
from home.management.commands.load_demo_content import build_order, demo_modules
from home.models import Person, StandardPage, Topic
from news.models import NewsPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "path", "title", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "topics": Topic.objects.count(),
        "people": Person.objects.count(),
    }


def test_demo_content_has_the_site_of_the_seed_page():
    assert NewsPage.objects.live().count() >= 12
    assert set(StandardPage.objects.values_list("slug", flat=True)) >= {
        "ueber-uns",
        "kontakt",
        "impressum",
        "datenschutz",
    }
    assert Person.objects.filter(name="Martina Winiger").exists()
    assert {"e-government", "digitalisierung", "prozesse", "informatik"} <= set(
        Topic.objects.values_list("slug", flat=True)
    )


def test_running_the_demo_command_twice_changes_nothing():
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == before
    assert "0 objects created" in out.getvalue()


def test_apps_demo_content_is_built_after_the_apps_it_links_to():
    def module(name, after=()):
        return SimpleNamespace(name=name, BUILD_AFTER=list(after))

    modules = {
        "home": module("home"),
        "news": module("news", after=["strategy"]),
        "strategy": module("strategy"),
        "search": module("search", after=["news", "not-installed"]),
    }
    assert [m.name for m in build_order(modules)] == ["home", "strategy", "news", "search"]


def test_a_cycle_of_demo_dependencies_is_refused():
    modules = {
        "news": SimpleNamespace(BUILD_AFTER=["strategy"]),
        "strategy": SimpleNamespace(BUILD_AFTER=["news"]),
    }
    with pytest.raises(ValueError, match="cycle"):
        build_order(modules)


def test_every_app_with_demo_content_is_found_in_app_order():
    assert list(demo_modules()) == ["home", "news", "strategy"]


def french_translation_removed(slug):
    """Delete the French translation of a German demo page, for the command to rebuild."""
    german = StandardPage.objects.get(slug=slug, locale__language_code="de")
    french = german.get_translation(Locale.objects.get(language_code="fr"))
    french.delete()
    return german


def test_the_demo_command_shows_stages_and_a_summary_not_wagtails_page_log(caplog):
    german = french_translation_removed("impressum")
    caplog.set_level(logging.INFO)
    caplog.clear()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    lines = out.getvalue().splitlines()
    assert german.get_translation_or_none(Locale.objects.get(language_code="fr")) is not None
    assert len(lines) <= 12, lines
    for stage in ["Pages (de) … ", "Images … ", "Documents … ", "Translations (fr) … "]:
        assert any(line.strip().startswith(stage) for line in lines), (stage, lines)
    assert re.search(r"Demo content ready .*pages de \d+, .*fr \d+.* \d+ s\.$", lines[-1])
    wagtail_log = [r.getMessage() for r in caplog.records if r.name.startswith("wagtail")]
    assert wagtail_log == []
    assert "Page " not in out.getvalue()


def test_verbosity_2_keeps_wagtails_page_log(caplog):
    french_translation_removed("impressum")
    caplog.set_level(logging.INFO)
    caplog.clear()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out, verbosity=2)
    wagtail_log = [r.getMessage() for r in caplog.records if r.name.startswith("wagtail")]
    assert any(message.startswith("Page copied") for message in wagtail_log), wagtail_log


def test_make_run_points_the_links_in_mails_at_the_development_server():
    call_command("load_demo_content", site_address="127.0.0.1:8000", verbosity=0)
    assert site_root() == "http://127.0.0.1:8000"


def test_a_malformed_site_address_is_refused_clearly():
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("load_demo_content", site_address="127.0.0.1", verbosity=0)
