"""Public change notes of a page: on publishing, the editor says whether the change is
significant (with a short note) or a minor correction. Significant changes are listed on
the page, give its "last updated" date and appear in the API and the feeds.

The notes are child objects of the page (ChangeNote), so that wagtail-localize carries
them, translated, to the page's translations; only a source page records new notes."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal, receiver
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import get_serializable_data_for_fields
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.signals import page_published
from wagtail_localize.models import Translation

from home.api.declarations import DocumentedField
from home.api.fields import ChangeNotesField
from home.api.schema import DATE, DATETIME, STRING, array_of, nullable, obj

# Sent after a page with change notes went live (a source page after its new note is
# recorded, a translation with the notes it carries): subscriptions announce new notes.
change_notes_published = Signal()


class ChangeKind(models.TextChoices):
    # Blank: the default, decided on publishing (a first publication is significant).
    DEFAULT = "", _("Automatisch: erste Veröffentlichung wesentlich, sonst kleine Korrektur")
    SIGNIFICANT = "significant", _("Wesentliche Änderung")
    MINOR = "minor", _("Kleine Korrektur")


class ChangeNotesMixin(models.Model):
    """The editor's choice for the next publication and the date of the last significant
    change. Compose before SitePage; add `change_panel` and `change_notes_api_fields`."""

    change_kind = models.CharField(
        _("Art der Änderung"),
        max_length=20,
        choices=ChangeKind.choices,
        default=ChangeKind.DEFAULT,
        blank=True,
    )
    change_note = models.CharField(
        _("Änderungsnotiz"),
        max_length=300,
        blank=True,
        help_text=_("Öffentlich sichtbar; Pflicht bei einer wesentlichen Änderung."),
    )
    # Not in a panel: set on publishing; synchronised to the translations.
    last_significant_change = models.DateTimeField(_("Zuletzt aktualisiert"), null=True, blank=True)

    change_panel = MultiFieldPanel(
        [
            FieldPanel("change_kind", widget=forms.RadioSelect),
            FieldPanel("change_note"),
        ],
        heading=_("Änderung bei der nächsten Veröffentlichung"),
    )
    change_notes_api_fields = [
        DocumentedField(
            "change_notes",
            array_of(
                obj(
                    {"date": DATE, "note": STRING},
                    description="A significant change, newest first.",
                )
            ),
            ChangeNotesField(),
            prefetch_related=["change_notes"],
        ),
        DocumentedField("last_significant_change", nullable(DATETIME)),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        needs_note = self.live and self.change_kind == ChangeKind.SIGNIFICANT
        if needs_note and not self.change_note.strip():
            raise ValidationError(
                {
                    "change_note": _(
                        "Eine wesentliche Änderung braucht eine kurze Notiz, was sich geändert hat."
                    )
                }
            )

    def change_note_list(self):
        """The significant changes, newest first (prefetched by the API)."""
        return sorted(self.change_notes.all(), key=lambda n: (n.date, n.pk), reverse=True)


class ChangeNote(TranslatableMixin, models.Model):
    """A significant change of a page, with its public note (blank: first publication)."""

    page = ParentalKey("wagtailcore.Page", related_name="change_notes", on_delete=models.CASCADE)
    date = models.DateTimeField(_("Datum"))
    note = models.CharField(_("Notiz"), max_length=300, blank=True)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Änderungsnotiz")
        verbose_name_plural = _("Änderungsnotizen")

    def __str__(self):
        return self.note

    @property
    def text(self):
        return self.note or _("Erstveröffentlichung")


def is_synced_translation(page):
    """Whether wagtail-localize keeps this page as a translation of another one: its
    notes come from the source."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    ).exists()


@receiver(page_published)
def record_change(sender, instance, revision, **kwargs):
    if not isinstance(instance, ChangeNotesMixin) or not instance.live:
        return  # scheduled for later: recorded when it goes live
    if instance.alias_of_id:
        return  # an alias: its notes are its original's
    if not is_synced_translation(instance):  # a translation's notes come from its source
        record_note(instance, revision)
    change_notes_published.send(sender=type(instance), page=instance)


def record_note(instance, revision):
    first = instance.first_published_at == instance.last_published_at
    significant = first or instance.change_kind == ChangeKind.SIGNIFICANT
    entered = {"change_kind": instance.change_kind, "change_note": instance.change_note}
    updates = {"change_kind": ChangeKind.DEFAULT, "change_note": ""}
    if significant:
        moment = to_milliseconds(instance.last_published_at)
        ChangeNote.objects.create(
            page_id=instance.pk,
            locale_id=instance.locale_id,
            date=moment,
            note=instance.change_note.strip(),
        )
        updates["last_significant_change"] = moment
    type(instance).objects.filter(pk=instance.pk).update(**updates)
    for name, value in updates.items():
        setattr(instance, name, value)
    remember_in_revisions(instance, revision, entered)


def to_milliseconds(moment):
    """Revisions keep times to the millisecond (DjangoJSONEncoder): so do the notes, or
    publishing a later revision would change their time."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def remember_in_revisions(page, published, entered):
    """The notes are written after the revision was saved: put them into it and any newer
    draft, so that publishing a revision never drops a note. The entry fields are cleared
    in it and in newer drafts that merely carried them over, so that a change is noted once
    and the next edit starts at the default."""
    notes = [
        get_serializable_data_for_fields(note)
        for note in ChangeNote.objects.filter(page_id=page.pk)
    ]
    for revision in page.revisions.filter(pk__gte=published.pk):
        content = revision.content
        content["change_notes"] = notes
        content["last_significant_change"] = page.last_significant_change
        carried_over = all(content.get(name) == value for name, value in entered.items())
        if revision.pk == published.pk or carried_over:
            content.update(change_kind=ChangeKind.DEFAULT, change_note="")
        revision.save(update_fields=["content"])
