import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

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
