"""The admin speaks German to editors who have not chosen a language, whatever their
browser asks for, and the language an editor chose in the account settings."""

import re

import pytest
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("neu", "neu@example.ch", "x")


def dashboard(client, user, accept_language):
    client.force_login(user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("accept_language", ["en-US,en;q=0.9", "fr-CH,fr;q=0.9", ""])
def test_a_new_editor_gets_the_admin_in_german_whatever_the_browser_says(
    client, editor, accept_language
):
    html = dashboard(client, editor, accept_language)
    assert '<html lang="de"' in html
    assert "Seiten" in html  # Wagtail's own menu
    assert "Zuletzt veröffentlicht" in html  # the site's dashboard panel
    assert "Recently published" not in html


@pytest.mark.parametrize(
    "language, panel, wagtail_word",
    [("fr", "Publiés récemment", "Pages"), ("it", "Pubblicati di recente", "Pagine")],
)
def test_an_editor_who_chose_a_language_gets_it(client, editor, language, panel, wagtail_word):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    html = dashboard(client, editor, "de-CH,de;q=0.9")
    assert f'<html lang="{language}"' in html
    assert panel in html
    assert wagtail_word in html
    assert "Zuletzt veröffentlicht" not in html


def test_the_account_settings_offer_the_four_languages(client, editor):
    client.force_login(editor)
    html = client.get("/admin/account/").content.decode()
    # Wagtail names each language in itself.
    for code, name in [
        ("de", "Deutsch"),
        ("fr", "français"),
        ("it", "italiano"),
        ("en", "English"),
    ]:
        assert re.search(rf'<option value="{code}"[^>]*>\s*{name}\s*</option>', html), code


def test_the_admin_login_is_german_for_an_english_browser(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de"' in html
