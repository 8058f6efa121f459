"""Subscriptions and the notices waiting to be mailed. Stored are the address, the
language, the targets, the frequency and timestamps: nothing else about a person."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .targets import TargetKind

MAX_ADDRESS_LENGTH = 254


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Sofort bei jeder Änderung")
    WEEKLY = "weekly", _("Wöchentliche Zusammenfassung")


class Subscriber(models.Model):
    """An e-mail address (lower case) with one or more subscriptions."""

    email = models.EmailField(_("E-Mail"), max_length=MAX_ADDRESS_LENGTH, unique=True)
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Abonnentin/Abonnent")
        verbose_name_plural = _("Abonnentinnen und Abonnenten")

    def __str__(self):
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    # The language subscribed from: the mails come in it.
    language = models.CharField(_("Sprache"), max_length=8)
    kind = models.CharField(_("Art"), max_length=20, choices=TargetKind.choices)
    key = models.CharField(_("Schlüssel"), max_length=500, blank=True)
    label = models.CharField(_("Bezeichnung"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=800)
    frequency = models.CharField(
        _("Häufigkeit"), max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    # Null until the address owner followed the link in the confirmation mail.
    confirmed_at = models.DateTimeField(_("Bestätigt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "language", "kind", "key"], name="one_subscription_per_target"
            )
        ]
        indexes = [models.Index(fields=["language", "kind", "key"])]

    def __str__(self):
        return self.label


class Notice(models.Model):
    """A significant change waiting to be mailed to one subscription: a copy of the note,
    so that a mail shows what was published even if the page changes again."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notices")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # The change note's translation key: the same change in every language.
    note_key = models.UUIDField()
    note = models.CharField(max_length=300, blank=True)
    date = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set in the transaction that puts the mail into the outbox.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "note_key"], name="one_notice_per_change"
            )
        ]
        indexes = [models.Index(fields=["sent_at"])]

    def __str__(self):
        return f"{self.subscription_id}: {self.note or self.page_id}"


class Announcement(models.Model):
    """A change note that has gone live in a language and queued its notices: the
    translations of a page publish the same note later, in their language, once each."""

    note_key = models.UUIDField()
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note_key", "language"], name="one_announcement")
        ]

    def __str__(self):
        return f"{self.note_key} ({self.language})"
