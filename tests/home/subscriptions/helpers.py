"""Subscribing, confirming and publishing as visitors and editors do, for the tests of
e-mail alerts. Mails go through the outbox to a real SMTP server (tests/mail.py)."""

import re
from urllib.parse import urlsplit

import polib
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from tests.mail import deliver_mail

LINK = re.compile(r"https?://[^\s<>\"]+/abonnements/[^\s<>\"]+")


def subscribe(client, page, email, frequency="immediately", query=""):
    language = page.locale.language_code
    data = {"page": page.pk, "query": query, "email": email, "frequency": frequency}
    return client.post(f"/{language}/abonnements/", data)


def text_of(message):
    return message.get_body(("plain",)).get_content()


def html_of(message):
    return message.get_body(("html",)).get_content()


def links(message):
    """The paths of the subscription links in a mail's text part."""
    return [urlsplit(url).path for url in LINK.findall(text_of(message))]


def confirm_link(message):
    return next(link for link in links(message) if "/bestaetigen/" in link)


def subscribe_and_confirm(client, inbox, page, email, **options):
    """The double opt-in as a visitor goes through it; returns the confirmation mail."""
    assert subscribe(client, page, email, **options).status_code == 303
    deliver_mail()
    mail = inbox.messages[-1]
    assert mail["To"] == email
    response = client.post(confirm_link(mail))
    assert response.status_code == 303
    return mail


def publish_translation(source_page, language, translations):
    """Sync the source page to its translation, translate the given texts (a dict) and
    publish it, as a translator does in wagtail-localize."""
    source = TranslationSource.objects.get_for_instance(source_page)
    source.update_from_db()
    locale = Locale.objects.get(language_code=language)
    translation = Translation.objects.get(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    translation.import_po(polib.pofile(str(po)))
    # wagtail-localize publishes once the transaction commits, as on the real site.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return source_page.get_translation(locale).specific


def run_command(*args):
    """The cron job, then the outbox's delivery."""
    call_command("send_subscription_notices", *args, verbosity=0)
    deliver_mail()
