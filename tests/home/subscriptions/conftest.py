# A real SMTP server for the tests of e-mail alerts (tests/mail.py).
from tests.mail import smtp_server  # noqa: F401
