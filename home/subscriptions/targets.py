"""What can be subscribed to. A page offers one target (`subscription_target(params)`:
the page with its query string, e.g. the catalogue with its filters) and names, when it is
published, the targets it belongs to (`subscription_keys()`). A page type whose target is a
stored query (the catalogue) also answers `matches_subscription_query(key)`."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    NEWS = "news", _("Alle News")
    TOPIC = "topic", _("Thema")
    PROJECT = "project", _("Projekt")
    STRATEGY = "strategy", _("Strategie")
    COMMUNE = "commune", _("Gemeinde")
    CATALOGUE = "catalogue", _("Projektkatalog mit Filtern")


@dataclass(frozen=True)
class Target:
    """One thing to follow: its kind, a key that does not depend on the language (a
    translation key, a BFS number, a catalogue query), the label a subscriber reads and the
    address of the page that shows it."""

    kind: str
    key: str
    label: str
    url: str


def offered_target(page, params):
    """The target the page offers for this query string, or None."""
    offer = getattr(page.specific, "subscription_target", None)
    return offer(params) if offer else None


def topic_keys(page):
    """The topic targets of a page with topics (TopicsMixin)."""
    return [(TargetKind.TOPIC, str(topic.translation_key)) for topic in page.topics.all()]
