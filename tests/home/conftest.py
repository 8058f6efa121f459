import re

import pytest

from home.models import Commune, FeedbackPage

TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


@pytest.fixture
def feedback_page(db):
    return FeedbackPage.objects.get(slug="ideen-und-feedback")


@pytest.fixture
def wikon(db):
    return Commune.objects.get(name="Wikon")


@pytest.fixture
def feedback_data(client, feedback_page, wikon):
    """A function returning the fields of a fresh form (its own one-time token), as a
    commune clerk fills them in; keyword arguments change or (with None) drop fields."""

    def make(**changes):
        html = client.get(feedback_page.url).content.decode()
        data = {
            "category": "idea",
            "subject": "Gemeinsames Formular für Hundeanmeldungen",
            "message": "Viele Gemeinden bauen dasselbe Formular.\r\nKönnte der VLG eines anbieten?",
            "commune": str(wikon.pk),
            "name": "Anna Muster",
            "role": "Gemeindeschreiberin",
            "email": "anna.muster@wikon.example.ch",
            "consent": "on",
            "homepage": "",
            "submission_token": TOKEN.search(html).group(1),
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make
