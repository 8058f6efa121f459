"""Preview links (home/previews/): an editor shares a page's latest draft with someone
without an account, for a chosen time; the link stops working when revoked, expired, or
once the page is published, and the draft is never indexed or cached."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from home.models import PreviewLink, StandardPage
from home.models.base import RoutableSitePage, SitePage
from tests.editing import publish

pytestmark = pytest.mark.django_db

LINK = re.compile(r'value="http://testserver(/[a-z]{2}/vorschau/[A-Za-z0-9_-]{43}/)"')
DRAFT_TEXT = "Nur im Entwurf 7f3a"


def live_page(model, language="de"):
    page = model.objects.live().public().filter(locale__language_code=language).first()
    assert page is not None, f"no live {model.__name__} ({language}) in the demo content"
    return page


def user_in(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, password="x" * 16)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    client = Client()
    client.force_login(user_in(django_user_model, "redaktion", "Redaktion"))
    return client


@pytest.fixture
def standard_page():
    return live_page(StandardPage)


def save_draft(page, title=DRAFT_TEXT):
    draft = page.get_latest_revision_as_object()
    draft.title = title
    draft.save_revision()
    return draft


def admin_url(page):
    return f"/admin/vorschau-links/{page.pk}/"


def share(editor, page, days=7):
    """Create a link as the editor does in the admin; returns its path."""
    response = editor.post(admin_url(page), {"days": str(days), "note": "Gemeinde Wikon"})
    assert response.status_code == 200
    return LINK.search(response.content.decode()).group(1)


def open_anonymously(path):
    return Client().get(path)


def test_editor_shares_a_draft_that_anyone_with_the_link_sees(editor, standard_page):
    save_draft(standard_page)
    path = share(editor, standard_page)

    response = open_anonymously(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert DRAFT_TEXT in html
    assert 'class="draft-banner"' in html
    assert "Entwurf – nicht veröffentlicht. Vorschau gültig bis" in html
    assert '<meta name="robots" content="noindex' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    # The live page is untouched.
    assert DRAFT_TEXT not in Client().get(standard_page.url).content.decode()


def test_the_link_is_stored_only_as_a_hash_and_listed_for_the_page(editor, standard_page):
    path = share(editor, standard_page)
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = PreviewLink.objects.get(page=standard_page)
    assert token not in link.token_hash
    listing = editor.get(admin_url(standard_page)).content.decode()
    assert "Gemeinde Wikon" in listing
    assert token not in listing  # shown once, when made


def test_the_page_editor_offers_sharing(editor, standard_page):
    html = editor.get(f"/admin/pages/{standard_page.pk}/edit/").content.decode()
    assert admin_url(standard_page) in html
    assert "Vorschau-Link teilen" in html


def test_user_without_edit_permission_may_not_share(django_user_model, standard_page):
    client = Client()
    client.force_login(user_in(django_user_model, "feedback", "Feedback"))

    assert client.get(admin_url(standard_page)).status_code == 403
    assert client.post(admin_url(standard_page), {"days": "7"}).status_code == 403
    assert not PreviewLink.objects.exists()
    edit = client.get(f"/admin/pages/{standard_page.pk}/edit/")
    assert admin_url(standard_page) not in edit.content.decode()


def test_creating_and_revoking_need_the_csrf_token(django_user_model, editor, standard_page):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user_in(django_user_model, "redaktion2", "Redaktion"))
    assert strict.post(admin_url(standard_page), {"days": "7"}).status_code == 403
    assert not PreviewLink.objects.exists()

    path = share(editor, standard_page)
    link = PreviewLink.objects.get()
    assert strict.post(f"{admin_url(standard_page)}{link.pk}/widerrufen/").status_code == 403
    assert open_anonymously(path).status_code == 200


def test_a_revoked_link_is_not_found(editor, standard_page):
    path = share(editor, standard_page)
    link = PreviewLink.objects.get()

    response = editor.post(f"{admin_url(standard_page)}{link.pk}/widerrufen/")

    assert response.status_code == 302
    not_found = open_anonymously(path)
    assert not_found.status_code == 404
    assert "Seite nicht gefunden" in not_found.content.decode()  # the site's 404 page
    assert "Gemeinde Wikon" not in editor.get(admin_url(standard_page)).content.decode()
    history = editor.get(f"/admin/pages/{standard_page.pk}/history/").content.decode()
    assert f"Vorschau-Link #{link.pk} erstellt, gültig für 7 Tage" in history
    assert f"Vorschau-Link #{link.pk} widerrufen" in history


def test_an_expired_link_is_not_found(editor, standard_page):
    path = share(editor, standard_page, days=1)
    PreviewLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert open_anonymously(path).status_code == 404


def test_each_validity_the_editor_may_choose(editor, standard_page):
    for days in (1, 7, 30):
        share(editor, standard_page, days=days)
    validities = sorted(
        round((link.expires_at - link.created_at) / datetime.timedelta(days=1))
        for link in PreviewLink.objects.all()
    )
    assert validities == [1, 7, 30]
    response = editor.post(admin_url(standard_page), {"days": "365"})
    assert response.status_code == 200
    assert PreviewLink.objects.count() == 3


def test_publishing_the_page_ends_the_link(editor, standard_page):
    save_draft(standard_page)
    path = share(editor, standard_page)
    save_draft(standard_page, "Noch ein Entwurf 9c1d")  # later drafts are shown…
    assert "Noch ein Entwurf 9c1d" in open_anonymously(path).content.decode()

    publish(standard_page)  # …until the page is published

    assert open_anonymously(path).status_code == 404


def test_deleting_the_page_ends_the_link(editor, standard_page):
    path = share(editor, standard_page)
    standard_page.delete()
    assert open_anonymously(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/de/vorschau/" + "A" * 43 + "/",  # well-formed, unknown
        "/de/vorschau/" + "A" * 42 + "%00/",
        "/de/vorschau/nicht-gueltig/",
        "/de/vorschau/" + "ä" * 43 + "/",
    ],
)
def test_unknown_or_garbled_links_are_not_found(path):
    assert open_anonymously(path).status_code == 404


def test_guessing_links_is_limited(settings, editor, standard_page):
    settings.PREVIEW_LINK_RATE_LIMIT = "3/10m"
    guesser = Client()
    for attempt in range(3):
        assert guesser.get(f"/de/vorschau/{attempt}{'B' * 42}/").status_code == 404
    assert guesser.get("/de/vorschau/" + "C" * 43 + "/").status_code == 429
    # A valid link never counts: the reviewer opens it as often as needed.
    path = share(editor, standard_page)
    reviewer = Client(REMOTE_ADDR="10.0.0.9")
    for _attempt in range(5):
        assert reviewer.get(path).status_code == 200


def test_links_are_not_in_the_sitemap(editor, standard_page):
    share(editor, standard_page)
    for language in ("de", "fr"):
        assert "vorschau" not in Client().get(f"/{language}/sitemap.xml").content.decode()


def test_the_draft_is_neither_taken_from_nor_put_into_the_page_cache(
    settings, editor, standard_page
):
    settings.PAGE_CACHE_SECONDS = 300
    save_draft(standard_page, "Erster Entwurf 41b2")
    path = share(editor, standard_page)
    assert "X-Page-Cache" not in open_anonymously(path)
    assert "Erster Entwurf 41b2" in open_anonymously(path).content.decode()

    save_draft(standard_page, "Zweiter Entwurf 5e7c")  # a draft changes no content version

    second = open_anonymously(path)
    assert "X-Page-Cache" not in second
    assert "Zweiter Entwurf 5e7c" in second.content.decode()
    live = open_anonymously(standard_page.url)
    assert live["X-Page-Cache"] == "miss"
    assert "Entwurf" not in live.content.decode().split("<main", 1)[1]


def site_page_types():
    return sorted(
        (model for model in apps.get_models() if issubclass(model, (SitePage, RoutableSitePage))),
        key=lambda model: model._meta.label,
    )


@pytest.mark.parametrize("model", site_page_types(), ids=lambda model: model._meta.label)
def test_every_page_type_can_be_shared(editor, model):
    page = live_page(model)
    save_draft(page)
    response = open_anonymously(share(editor, page))
    assert response.status_code == 200
    assert DRAFT_TEXT in response.content.decode()


def test_a_french_draft_is_shown_in_french(editor):
    page = live_page(StandardPage, "fr")
    save_draft(page, "Seulement dans le brouillon 2d8e")

    path = share(editor, page)

    assert path.startswith("/fr/vorschau/")
    html = open_anonymously(path).content.decode()
    assert '<html lang="fr">' in html
    assert "Seulement dans le brouillon 2d8e" in html
    assert "Entwurf – nicht veröffentlicht." in html  # German for the department's people…
    assert "Brouillon – non publié. Aperçu valable jusqu’au" in html  # …and French
