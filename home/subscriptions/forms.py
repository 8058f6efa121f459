"""The forms of subscribing and of the management page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_ADDRESS_LENGTH, Frequency

# A field people never see and bots like to fill (as on the feedback form).
HONEYPOT_FIELD = "homepage"
MAX_QUERY_LENGTH = 500


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=MAX_ADDRESS_LENGTH,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _(
                "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@gemeinde.ch."
            ),
            "max_length": _("Diese E-Mail-Adresse ist zu lang (höchstens 254 Zeichen)."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATELY,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Bitte wählen Sie, wie oft Sie informiert werden.")},
    )
    # What to follow: the page and its query string (the catalogue's filters, a topic).
    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_QUERY_LENGTH)
    homepage = forms.CharField(required=False, label=_("Bitte leer lassen"))


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(choices=Frequency.choices, label=_("Häufigkeit"))
