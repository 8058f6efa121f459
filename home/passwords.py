"""How guessable a password is: zxcvbn's estimate of the guesses an attacker needs, with
the German words that people here build passwords from (seasons, months, the place, the
organisation). Django's validators (AUTH_PASSWORD_VALIDATORS) check the length, English
common passwords and digits only; "Sommer2026!!" passes all three."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

# Words an attacker tries first here, as zxcvbn "user inputs" (matched case-insensitively,
# also with digits and symbols around them and in l33t spelling).
LOCAL_WORDS = (
    *("frühling", "fruehling", "sommer", "herbst", "winter"),
    *("januar", "februar", "märz", "maerz", "april", "mai", "juni", "juli", "august"),
    *("september", "oktober", "november", "dezember"),
    *("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    *("passwort", "kennwort", "geheim", "willkommen", "hallo", "hallo123", "admin"),
    *("luzern", "lucerne", "schweiz", "suisse", "zürich", "zuerich", "bern", "pilatus"),
    *("gemeinde", "gemeinden", "verband", "vlg", "kanton", "prozesse", "informatik"),
)
# zxcvbn's time grows quickly with the length; a longer password is judged by its start.
CHECKED_LENGTH = 72


class GuessablePasswordValidator:
    """Refuses passwords that zxcvbn scores below `min_score` (0–4; 4: more than 10¹⁰
    guesses, the strongest class)."""

    def __init__(self, min_score=4):
        self.min_score = min_score

    def validate(self, password, user=None):
        personal = [
            str(getattr(user, name, "") or "")
            for name in ("username", "first_name", "last_name", "email")
        ]
        result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[*LOCAL_WORDS, *personal])
        if result["score"] < self.min_score:
            raise ValidationError(
                _(
                    "Dieses Passwort ist zu leicht zu erraten. Verwenden Sie zum Beispiel "
                    "mehrere zufällige Wörter; Jahreszeiten, Monate, Jahreszahlen, Ortsnamen "
                    "und Wiederholungen helfen nicht."
                ),
                code="password_too_guessable",
            )

    def get_help_text(self):
        return _(
            "Ihr Passwort darf nicht leicht zu erraten sein (keine Wörter wie "
            "Jahreszeiten, Monate oder Ortsnamen mit Jahreszahlen, keine Wiederholungen)."
        )
