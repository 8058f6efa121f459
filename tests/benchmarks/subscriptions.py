"""Benchmark of the e-mail alerts: `make bench-subscriptions`, or
`.venv/bin/python -m tests.benchmarks.subscriptions --subscribers 5000`.

Not a test. In a throwaway SQLite database (a file in a temporary folder, created and
migrated like the test database, deleted at the end): a small site with one project,
that many confirmed subscribers of the project (bulk-created), then, timed one by one,
the stages a real publication goes through:

1. an editor's significant publication of the project with a change note (the notices
   are queued in it);
2. `send_subscription_notices` (cron): one mail per subscriber into the outbox;
3. `send_queued_mail` (cron): the outbox delivered over SMTP to a real local aiosmtpd
   server in this process, which counts what it accepts.

It checks that every subscriber got exactly one mail and prints the time of each stage
and the peak memory (ru_maxrss of the process, the SMTP server's thread included) after
the set-up and after each stage; with --trace-memory also the peak of the Python
allocations inside each stage (tracemalloc, which slows the stages down many times).
DEBUG is off, as in production. The configured database is never touched.
"""

import argparse
import email
import email.policy
import logging
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.utils import timezone
from post_office.models import STATUS, Email

from home.models import ChangeKind, Notice, Subscriber, Subscription
from home.subscriptions.models import Frequency
from strategy.models import ProjectPage
from tests.benchmarks.corpus import build_site_corpus
from tests.mail import SMTP_BACKEND, free_port

NOTE = "Neuer Zeitplan: Einführung in allen Gemeinden ab Januar"


class BenchmarkError(Exception):
    pass


class CountingInbox:
    """An SMTP handler that counts the mails and their recipients and keeps the first
    mail (keeping all of them would measure the server, not the site)."""

    def __init__(self):
        self.count = 0
        self.recipients = set()
        self.first = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.count += 1
        self.recipients.update(envelope.rcpt_tos)
        if self.first is None:
            self.first = email.message_from_bytes(envelope.content, policy=email.policy.default)
        return "250 OK"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.subscriptions",
        description="Benchmark: one significant publication mailed to many subscribers.",
    )
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help="also the peak of Python's allocations in each stage (tracemalloc; slower)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the throwaway database for a closer look"
    )
    return vars(parser.parse_args(argv))


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def main(argv=None):
    options = parse_arguments(argv)
    if connection.vendor != "sqlite":
        raise BenchmarkError("The benchmark builds a throwaway SQLite database; use SQLite.")
    folder = Path(tempfile.mkdtemp(prefix="vlgsite-bench-subscriptions-"))
    connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"Throwaway database: {folder / 'bench.sqlite3'}")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: no line per command
    controller = Controller(CountingInbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    mail_settings = override_settings(
        DEBUG=False,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        # Into the outbox, delivered by the cron command, as in production (the dev
        # settings send at once).
        POST_OFFICE={
            **settings.POST_OFFICE,
            "DEFAULT_PRIORITY": "medium",
            "BACKENDS": {"default": SMTP_BACKEND},
        },
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with mail_settings:
            call_command("createcachetable", verbosity=0)
            run(options["subscribers"], controller.handler, folder, options["trace_memory"])
    finally:
        controller.stop()
        if options["keep"]:
            print(f"Kept: {folder / 'bench.sqlite3'}")
        else:
            connection.creation.destroy_test_db(original_name, verbosity=0)


@contextmanager
def stage(stages, label, trace_memory):
    """Times what runs inside; notes the process's peak memory after it and, with
    trace_memory, the peak of the Python allocations made inside it."""
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    traced = None
    if trace_memory:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    stages.append((label, seconds, peak_memory_mb(), traced))


def run(subscribers, inbox, folder, trace_memory):
    started = time.perf_counter()
    build_site_corpus(random.Random(2026), news=1, projects=1, strategies=0)
    project = ProjectPage.objects.get(locale__language_code="de")
    subscribe_all(project, subscribers)
    print(
        f"Set-up: a site with one project, {subscribers} confirmed subscribers, "
        f"in {time.perf_counter() - started:.1f} s; peak memory {peak_memory_mb():.0f} MB"
    )
    stages = []

    with stage(stages, "publish (notices queued)", trace_memory):
        publish_significant(project)
    notices = Notice.objects.filter(sent_at__isnull=True).count()
    check(notices == subscribers, f"{notices} notices queued, expected {subscribers}")

    with stage(stages, "send_subscription_notices", trace_memory):
        call_command("send_subscription_notices", verbosity=0)
    queued = Email.objects.filter(status=STATUS.queued).count()
    check(queued == subscribers, f"{queued} mails in the outbox, expected {subscribers}")

    with stage(stages, "send_queued_mail (SMTP)", trace_memory):
        call_command("send_queued_mail", lockfile=str(folder / "send_queued_mail"))

    report(stages, subscribers)
    sent = Email.objects.filter(status=STATUS.sent).count()
    check(sent == subscribers, f"{sent} mails marked sent, expected {subscribers}")
    check(inbox.count == subscribers, f"the SMTP server received {inbox.count} mails")
    check(len(inbox.recipients) == subscribers, f"{len(inbox.recipients)} distinct recipients")
    check(NOTE in inbox.first.get_body(("plain",)).get_content(), "the note is not in the mail")
    check(inbox.first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", "no one-click")
    print(
        f"The SMTP server received {inbox.count} mails, one to each of "
        f"{len(inbox.recipients)} subscribers, each with the change note."
    )


def subscribe_all(project, subscribers):
    """That many addresses, each with a confirmed immediate subscription of the project
    in German, as the double opt-in leaves them."""
    target = project.subscription_target(QueryDict())
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"person{n:05d}@gemeinde.example.ch") for n in range(subscribers)],
        batch_size=1000,
    )
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=subscriber,
                language="de",
                kind=target.kind,
                key=target.key,
                label=target.label,
                url=target.url,
                frequency=Frequency.IMMEDIATELY,
                confirmed_at=now,
            )
            for subscriber in Subscriber.objects.all()
        ],
        batch_size=1000,
    )


def publish_significant(project):
    """As an editor publishes: a new revision with "wesentliche Änderung" and a note."""
    page = project.get_latest_revision_as_object()
    page.change_kind = ChangeKind.SIGNIFICANT
    page.change_note = NOTE
    page.save_revision().publish()


def check(condition, message):
    if not condition:
        raise BenchmarkError(message)


def report(stages, subscribers):
    print()
    print(f"One significant publication, {subscribers} subscribers of the project")
    header = f"{'stage':<28} {'time':>9} {'mails/s':>9} {'peak RSS':>10} {'Python peak':>12}"
    print(header)
    print("-" * len(header))
    for label, seconds, memory, traced in stages:
        python_peak = f"{traced:>9.1f} MB" if traced is not None else f"{'-':>12}"
        print(
            f"{label:<28} {seconds:>7.2f} s {subscribers / seconds:>9.0f} "
            f"{memory:>7.0f} MB {python_peak}"
        )
    total = sum(seconds for _label, seconds, _memory, _traced in stages)
    print(f"{'total':<28} {total:>7.2f} s")
    print(
        "peak RSS: the process's peak so far (ru_maxrss; set-up and the SMTP server's "
        "thread included); Python peak: allocations inside the stage (--trace-memory)"
    )
    print()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BenchmarkError as error:
        sys.exit(f"Benchmark failed: {error}")
