from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# Mails are printed to the console at once, not only when `send_queued_mail` runs: a
# developer sees the feedback form's mails right after sending it.
POST_OFFICE["DEFAULT_PRIORITY"] = "now"  # noqa: F405
