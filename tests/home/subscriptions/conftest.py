"""Fixtures of the tests of e-mail alerts: a real SMTP server (tests/mail.py) and the two
admin roles."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.mail import smtp_server  # noqa: F401 (a fixture for the tests here)


def logged_in(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="x" * 16)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(django_user_model):
    """A page editor (the role "Redaktion"): sees counts, never addresses."""
    return logged_in(django_user_model, "redaktorin", "Redaktion")


@pytest.fixture
def feedback_team(django_user_model):
    """The role that handles personal data ("Feedback"): sees addresses, answers
    data-protection requests."""
    return logged_in(django_user_model, "datenschutz", "Feedback")
