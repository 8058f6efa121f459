"""The feedback form and its one-time token. Knows nothing of the page that shows it."""

import functools
import re
import secrets
from urllib.parse import urlsplit

from django import forms
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from home import localization, visibility
from home.feedback.models import Feedback, FeedbackCategory
from home.models.snippets import Commune
from home.text import collation_key

TOKEN_FIELD = "submission_token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
# A field people never see and bots like to fill.
HONEYPOT_FIELD = "homepage"
# Query parameters that fill in the form in advance (a link "Barriere melden" from a page).
CATEGORY_PARAMETER = "kategorie"
PAGE_PARAMETER = "seite"

MAX_LENGTH_MESSAGE = _("Bitte höchstens %(limit_value)d Zeichen eingeben (jetzt %(show_value)d).")

single_line = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message=_("Bitte nur eine Zeile Text ohne Zeilenumbrüche oder Steuerzeichen eingeben."),
)
# Line breaks and tabs are fine in the message, other control characters are not.
plain_text = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]",
    inverse_match=True,
    message=_("Bitte entfernen Sie Steuerzeichen aus dem Text."),
)


class MessageTextarea(forms.Textarea):
    """Browsers post a line break as CR LF but count it as one character for maxlength:
    normalise line breaks before the length is checked."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def new_token():
    return secrets.token_urlsafe(32)


def is_valid_token(value):
    return bool(TOKEN_PATTERN.fullmatch(value or ""))


def same_site_path(value, host):
    """The path (and query) of an address on this site, or None: a path starting with "/",
    or a full http(s) address whose host is the site's own. Nothing else is kept, so the
    department never follows a link to somewhere else."""
    value = (value or "").strip()
    if not value or len(value) > 500 or re.search(r"[\x00-\x20\x7f\\]", value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
            return None
    elif not value.startswith("/") or value.startswith("//"):
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def prefill(query, host):
    """The form's initial values from a link's query string; what does not fit is left
    out (a link must never break the form)."""
    initial = {}
    category = query.get(CATEGORY_PARAMETER, "")
    if category in FeedbackCategory.values:
        initial["category"] = category
    page_address = same_site_path(query.get(PAGE_PARAMETER, ""), host)
    if page_address:
        initial["page_address"] = page_address
    return initial


def commune_choices():
    """All communes of the canton in German alphabetical order (Römerswil before Romoos,
    which the database's byte order gets wrong)."""
    communes = Commune.objects.values_list("pk", "name")
    return sorted(communes, key=lambda commune: collation_key(commune[1]))


def project_choices():
    """Live projects of the visitor's language, for the optional "related project". The
    project page type comes from the relation: `home` imports no other app."""
    project_model = Feedback._meta.get_field("related_project").related_model
    projects = visibility.live_public(project_model.objects.all())
    return projects.filter(locale=localization.active_locale()).order_by("title")


class FeedbackForm(forms.ModelForm):
    """The fields, texts and checks of the form, bound to the model by feedback_form_class():
    its "related project" is a page type of another app, whose models load after home's."""

    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass der VLG meine Angaben speichert, um mein Anliegen "
            "zu bearbeiten."
        ),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie einverstanden sind.")},
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    homepage = forms.CharField(
        label=_("Nicht ausfüllen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        fields = Feedback.submitted_fields
        widgets = {
            "category": forms.RadioSelect,
            "message": MessageTextarea(attrs={"rows": 8}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "page_address": forms.TextInput(attrs={"inputmode": "url"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {
            "publication_consent": _(
                "Meine Idee darf mit der Antwort ohne meinen Namen auf dieser Website "
                "veröffentlicht werden."
            ),
            "show_commune": _("Dabei darf meine Gemeinde genannt werden."),
            "category": _("Worum geht es?"),
            "subject": _("Betreff"),
            "message": _("Ihre Nachricht"),
            "commune": _("Gemeinde"),
            "related_project": _("Betroffenes Projekt"),
            "page_address": _("Seite mit der Barriere"),
            "name": _("Vorname und Name"),
            "role": _("Funktion"),
            "email": _("E-Mail-Adresse"),
        }
        help_texts = {
            "publication_consent": _(
                "Freiwillig. Veröffentlicht wird nur, was die Redaktion auswählt und ohne "
                "Angaben zu Personen bearbeitet; Ihr Name und Ihre E-Mail-Adresse nie."
            ),
            "category": _("Wählen Sie die Art Ihres Anliegens."),
            "subject": _("Ein kurzer Titel, höchstens 200 Zeichen."),
            "message": _(
                "Beschreiben Sie Ihre Idee, Frage oder Rückmeldung, höchstens 5000 Zeichen."
            ),
            "commune": _("Die Gemeinde, für die Sie arbeiten."),
            "related_project": _("Falls Ihr Anliegen ein bestimmtes Projekt betrifft."),
            "page_address": _(
                "Nur bei einer Barriere: die Adresse der Seite dieser Website, auf der sie "
                "auftritt."
            ),
            "role": _("Zum Beispiel Gemeindeschreiberin oder Leiter Einwohnerdienste."),
            "email": _("Dorthin senden wir die Bestätigung mit Ihrer Referenznummer."),
        }
        error_messages = {
            "category": {
                "required": _("Bitte wählen Sie, worum es geht."),
                "invalid_choice": _("Bitte wählen Sie eine der angebotenen Möglichkeiten."),
            },
            "subject": {"required": _("Bitte geben Sie einen Betreff ein.")},
            "message": {"required": _("Bitte schreiben Sie uns Ihre Nachricht.")},
            "commune": {
                "required": _("Bitte wählen Sie Ihre Gemeinde."),
                "invalid_choice": _("Bitte wählen Sie eine Gemeinde aus der Liste."),
            },
            "related_project": {
                "invalid_choice": _("Bitte wählen Sie ein Projekt aus der Liste."),
            },
            "name": {"required": _("Bitte geben Sie Ihren Namen an.")},
            "email": {
                "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@gemeinde.ch."
                ),
            },
        }

    groups = [
        (
            _("Ihr Anliegen"),
            ["category", "subject", "message", "page_address", "related_project"],
        ),
        (_("Angaben zu Ihrer Person"), ["name", "role", "commune", "email"]),
        (_("Veröffentlichung (freiwillig)"), ["publication_consent", "show_commune"]),
    ]

    def fieldsets(self):
        """The fields under their group's legend; consent and the hidden ones come after."""
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def __init__(self, *args, privacy_url=None, site_host="", **kwargs):
        super().__init__(*args, **kwargs)
        self.site_host = site_host
        fields = self.fields
        fields["category"].choices = FeedbackCategory.choices  # no empty radio button
        fields["commune"].choices = [("", _("Bitte wählen")), *commune_choices()]
        fields["related_project"].queryset = project_choices()
        fields["related_project"].empty_label = _("Kein bestimmtes Projekt")
        fields["name"].required = fields["email"].required = True
        for name in ("subject", "name", "role"):
            fields[name].validators.append(single_line)
        fields["message"].validators.append(plain_text)
        for field in fields.values():
            field.error_messages["max_length"] = MAX_LENGTH_MESSAGE
        if privacy_url:
            fields["consent"].help_text = format_html(
                '{} <a href="{}">{}</a>.',
                _("Wie wir mit Ihren Angaben umgehen, steht in der"),
                privacy_url,
                _("Datenschutzerklärung"),
            )

    def clean_page_address(self):
        value = self.cleaned_data.get("page_address", "")
        if not value:
            return ""
        path = same_site_path(value, self.site_host)
        if path is None:
            raise forms.ValidationError(
                _("Bitte geben Sie die Adresse einer Seite dieser Website an, z. B. /de/suche/.")
            )
        return path


@functools.cache
def feedback_form_class():
    """The form for Feedback, built on first use (once every app's models are loaded)."""
    return forms.modelform_factory(Feedback, form=FeedbackForm)
