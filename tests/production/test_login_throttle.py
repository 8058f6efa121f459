"""Admin login throttling (django-axes, counted in the database)."""

import pytest

LOGIN = "/admin/login/"
PASSWORD = "richtig-und-lang-genug"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redaktorin", password=PASSWORD)


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_failed_logins_lock_the_username_from_that_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "redaktorin", "falsch")
        assert response.status_code == 200  # the form again, with its error
    locked = attempt(client, "redaktorin", "falsch")
    assert locked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in locked.content.decode()
    assert "15 Minuten" in locked.content.decode()
    # Locked even with the right password now.
    assert attempt(client, "redaktorin", PASSWORD).status_code == 429


def test_lock_holds_only_for_that_username_and_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "redaktorin", "falsch")
    # The same username from another address still gets in.
    other = client.post(
        LOGIN, {"username": "redaktorin", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 302


def test_success_resets_the_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "redaktorin", "falsch")
    assert attempt(client, "redaktorin", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "redaktorin", "falsch").status_code == 200
