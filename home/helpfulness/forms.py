"""The fields and checks of one vote. A comment is anonymous: one that looks like it holds
an e-mail address or a phone number is refused, with the reason, and never stored."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.helpfulness.models import COMMENT_MAX_LENGTH
from home.visibility import is_live_public

# A field people never see and bots like to fill (as on the feedback form).
HONEYPOT_FIELD = "homepage"
YES, NO = "ja", "nein"

EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+",
    re.IGNORECASE,
)
# A number that starts like a phone number (+, 00, 0 or "(0"), with spaces, dashes,
# slashes or brackets between its digits: "079 123 45 67", "+41 (0)41 228 47 20",
# "0041 79 123 45 67", "+1 (555) 123-4567". Dots are left out: dates are not numbers.
PHONE_LIKE = re.compile(r"(?<![\w.,+/-])(?:\+|\(\s*0|0)[\d ()/-]*\d")
# The Swiss grouping without the leading 0 or the country code: "79 123 45 67".
SWISS_GROUPING = re.compile(r"(?<![\d.])\d{2,3}[ ./-]\d{3}[ ./-]\d{2}[ ./-]\d{2}(?![\d.])")
PHONE_MIN_DIGITS = 9

no_control_characters = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]",
    inverse_match=True,
    message=_("Bitte entfernen Sie Steuerzeichen aus dem Text."),
)


def looks_like_phone_number(text):
    candidates = [match.group() for match in PHONE_LIKE.finditer(text)]
    if any(sum(c.isdigit() for c in candidate) >= PHONE_MIN_DIGITS for candidate in candidates):
        return True
    return bool(SWISS_GROUPING.search(text))


def no_personal_data(text):
    if EMAIL.search(text):
        raise ValidationError(
            _(
                "Ihr Kommentar enthält offenbar eine E-Mail-Adresse. Bitte entfernen Sie "
                "sie: Diese Rückmeldung ist anonym, wir speichern keine persönlichen "
                "Angaben und können nicht darauf antworten."
            ),
            code="email",
        )
    if looks_like_phone_number(text):
        raise ValidationError(
            _(
                "Ihr Kommentar enthält offenbar eine Telefonnummer. Bitte entfernen Sie "
                "sie: Diese Rückmeldung ist anonym, wir speichern keine persönlichen "
                "Angaben und können nicht darauf antworten."
            ),
            code="phone",
        )


def asks_if_helpful(page):
    """Whether the page's type shows the question (the feedback form's page does not)."""
    return getattr(page.specific_class, "asks_if_helpful", True)


class CommentTextarea(forms.Textarea):
    """Browsers post a line break as CR LF but count it as one character for maxlength."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class HelpfulnessForm(forms.Form):
    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    helpful = forms.ChoiceField(
        label=_("War diese Seite hilfreich?"),
        choices=[(YES, _("Ja")), (NO, _("Nein"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie «Ja» oder «Nein»."),
            "invalid_choice": _("Bitte wählen Sie «Ja» oder «Nein»."),
        },
    )
    comment = forms.CharField(
        label=_("Kommentar (freiwillig)"),
        help_text=_(
            "Was hat gefehlt, was war unklar? Höchstens 500 Zeichen. Bitte keine "
            "persönlichen Angaben wie Name, E-Mail-Adresse oder Telefonnummer: Wir "
            "können nicht antworten."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        validators=[no_control_characters, no_personal_data],
        widget=CommentTextarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Bitte höchstens %(limit_value)d Zeichen eingeben (jetzt %(show_value)d)."
            ),
            "null_characters_not_allowed": _("Bitte entfernen Sie Steuerzeichen aus dem Text."),
        },
    )
    homepage = forms.CharField(label=_("Nicht ausfüllen"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "helpfulness-%s")
        super().__init__(*args, **kwargs)
        self.voted_page = None

    def clean_page(self):
        """The page must be one a visitor can open: live and public, not a draft or a
        private page (their ids are no secret, but their votes would mean nothing)."""
        page = Page.objects.filter(pk=self.cleaned_data["page"], depth__gt=1)
        page = page.select_related("locale").first()
        if page is None or not is_live_public(page) or not asks_if_helpful(page):
            raise ValidationError("unknown page", code="unknown_page")
        self.voted_page = page
        return page.pk

    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD))
