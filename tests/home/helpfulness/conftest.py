import pytest

from home.models import HelpfulnessVote, StandardPage
from news.models import NewsPage
from strategy.models import ProjectPage


def german(model, **filters):
    return model.objects.live().filter(locale__language_code="de", **filters).first()


@pytest.fixture
def news_page(db):
    return german(NewsPage, slug="my-lu-ch-online")


@pytest.fixture
def project_page(db):
    return german(ProjectPage, slug="eumzug-luzern")


@pytest.fixture
def standard_page(db):
    return german(StandardPage, slug="ueber-uns")


@pytest.fixture
def vote_url():
    return "/de/hilfreich/"


@pytest.fixture
def post_vote(client, vote_url):
    """Post the widget's form as a browser without JavaScript does (fragment=True: as its
    script does); keyword arguments change or (with None) drop fields."""

    def post(target, fragment=False, url=None, **changes):
        data = {"page": str(target.pk), "helpful": "nein", "comment": "", "homepage": ""}
        data.update(changes)
        data = {key: value for key, value in data.items() if value is not None}
        headers = {"X-Helpfulness-Widget": "1"} if fragment else {}
        return client.post(url or vote_url, data, headers=headers)

    return post


def votes():
    return HelpfulnessVote.objects.all()
