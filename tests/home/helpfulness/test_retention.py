"""purge_feedback blanks helpfulness comments past FEEDBACK_RETENTION_DAYS; votes stay."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.models import HelpfulnessVote

pytestmark = pytest.mark.django_db


def test_old_comments_are_blanked_and_the_votes_kept(news_page, settings):
    settings.FEEDBACK_RETENTION_DAYS = 365
    now = timezone.now()
    old = HelpfulnessVote.objects.create(
        page=news_page,
        language="de",
        helpful=False,
        comment="Alt",
        created_at=now - datetime.timedelta(days=366),
    )
    recent = HelpfulnessVote.objects.create(
        page=news_page,
        language="de",
        helpful=False,
        comment="Neu",
        created_at=now - datetime.timedelta(days=364),
    )

    call_command("purge_feedback", "--dry-run", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.comment == "Alt"

    out = io.StringIO()
    call_command("purge_feedback", stdout=out)
    assert "1 helpfulness comments older than 365 days to blank." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.comment, old.helpful) == ("", False)
    assert recent.comment == "Neu"
    assert HelpfulnessVote.objects.count() == 2

    again = io.StringIO()
    call_command("purge_feedback", stdout=again)
    assert "0 helpfulness comments" in again.getvalue()
