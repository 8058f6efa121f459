"""Limits per client and per target on the admin login, page passwords and password-reset
mails (home/throttled_views.py, counted in the database by home/throttle.py), and the
password strength check (home/passwords.py)."""

import io
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import StandardPage
from tests.mail import deliver_mail

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "richtig-und-lang-genug"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktorin", email="redaktorin@example.ch", password=PASSWORD
    )


def login(username, password, address="198.51.100.10"):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


def test_password_spraying_from_one_address_is_refused(editor, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = "4/15m"
    for number in range(4):
        assert login(f"person{number}", "Sommer2026!!").status_code == 200
    refused = login("person9", "Sommer2026!!")
    assert refused.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in refused.content.decode()
    assert "15 Minuten" in refused.content.decode()
    # The whole address waits, even with a right password; other addresses do not.
    assert login("redaktorin", PASSWORD).status_code == 429
    assert login("redaktorin", PASSWORD, address="192.0.2.44").status_code == 302


def test_one_username_from_many_addresses_is_refused(editor, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = "4/15m"
    for number in range(4):
        assert login("redaktorin", "falsch", address=f"192.0.2.{number}").status_code == 200
    assert login("redaktorin", "falsch", address="192.0.2.200").status_code == 429
    # Another username from those addresses is not affected.
    assert login("jemand", "falsch", address="192.0.2.1").status_code == 200


def test_successful_logins_do_not_count(editor, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = "2/15m"
    for _ in range(4):
        assert login("redaktorin", PASSWORD).status_code == 302


@pytest.fixture
def protected_page(db):
    page = StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="Gemeinde-Intern-42"
    )
    return page, f"/de/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


def guess(url, password, address="198.51.100.20"):
    data = {"password": password, "return_url": "/de/ueber-uns/"}
    return Client(REMOTE_ADDR=address).post(url, data)


def test_wrong_page_passwords_are_limited_per_client(protected_page, settings):
    settings.PAGE_PASSWORD_FAILURES_PER_CLIENT = "3/15m"
    page, url = protected_page
    for _ in range(3):
        assert guess(url, "falsch").status_code == 200  # the form again
    refused = guess(url, "Gemeinde-Intern-42")
    assert refused.status_code == 429
    assert "Zu viele falsche Passwörter für diese Seite" in refused.content.decode()
    assert refused["Retry-After"] == "900"
    # A colleague elsewhere gets in.
    assert guess(url, "Gemeinde-Intern-42", address="192.0.2.9").status_code == 302


def test_wrong_page_passwords_are_limited_per_page(protected_page, settings):
    settings.PAGE_PASSWORD_FAILURES_PER_PAGE = "3/15m"
    page, url = protected_page
    for number in range(3):
        assert guess(url, "falsch", address=f"192.0.2.{number}").status_code == 200
    assert guess(url, "falsch", address="192.0.2.99").status_code == 429


def test_wrong_passwords_of_a_document_collection_are_limited(settings):
    settings.PAGE_PASSWORD_FAILURES_PER_CLIENT = "3/15m"
    collection = Collection.get_first_root_node().add_child(name="Intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="Gemeinde-Intern-42",
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for _ in range(3):
        assert guess(url, "falsch").status_code == 200
    assert guess(url, "Gemeinde-Intern-42").status_code == 429
    assert guess(url, "Gemeinde-Intern-42", address="192.0.2.9").status_code == 302


def reset(address, client_address="198.51.100.30"):
    return Client(REMOTE_ADDR=client_address).post("/admin/password_reset/", {"email": address})


def test_password_reset_mails_are_limited_per_client_without_telling_who_exists(editor, settings):
    settings.PASSWORD_RESETS_PER_CLIENT = "3/1h"
    answers = [reset(address) for address in ["redaktorin@example.ch", "niemand@example.ch"] * 2]
    # Existing or not, the same answer: the "mail sent" page, then 429 for both.
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert len({a.get("Location") for a in answers[:3]}) == 1
    assert reset("redaktorin@example.ch").status_code == 429
    assert reset("niemand@example.ch").status_code == 429
    refused = answers[3].content.decode()
    assert "Zu viele Anfragen zum Zurücksetzen des Passworts" in refused
    assert "60 Minuten" in refused
    assert len(deliver_mail()) == 2  # through the outbox


def test_password_reset_mails_are_limited_per_address(editor, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = "2/1h"
    for number in range(2):
        assert reset("Redaktorin@example.ch", client_address=f"192.0.2.{number}").status_code == 302
    assert reset("redaktorin@example.ch ", client_address="192.0.2.50").status_code == 429
    assert len(deliver_mail()) == 2  # through the outbox
    assert reset("niemand@example.ch", client_address="192.0.2.50").status_code == 302


def test_limits_survive_an_emptied_cache(editor, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = "2/15m"
    for _ in range(2):
        login("person", "falsch")
    caches["default"].clear()
    caches["pages"].clear()
    assert login("person", "falsch").status_code == 429


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "Sommer2026!!", "Luzern-2025!"])
def test_weak_passwords_are_refused_in_german(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any("zu leicht zu erraten" in message for message in refused.value.messages)


def test_a_strong_passphrase_and_the_generated_admin_password_pass():
    validate_password("Tannenbaum-Velo-Kaffee-17")
    output = io.StringIO()
    call_command("create_admin", stdout=output)
    password = re.search(r"password '([^']+)'", output.getvalue()).group(1)
    validate_password(password)
