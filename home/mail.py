"""The site's one way to send mail.

Every mail goes through Django's mail API into the outbox: EMAIL_BACKEND is
django-post-office's backend, which stores the message in the database, in the
transaction that stores what the mail is about (both are kept, or neither). Nothing is
sent inside a request: `manage.py send_queued_mail` (cron, every minute) delivers the
outbox through EMAIL_DELIVERY_BACKEND with a short SMTP timeout, marks what went out and
retries what failed later (POST_OFFICE in the settings). Wagtail's own mails (password
reset, moderation) take the same way.

A mail is three templates of the same name: `<name>_subject.txt`, `<name>.txt` and
`<name>.html`, rendered in the recipient's language.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Site


def queue_mail(template, context, *, to, language, reply_to=None, headers=None):
    """Render the mail `template` in `language` and put it in the outbox for `to`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers={"Content-Language": language, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def site_root():
    """Where links in mails point: the default site's root URL (no request to ask)."""
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")
