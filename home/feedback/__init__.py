"""Ideas and feedback from the communes' staff, as one package:

models.py         Feedback (a submission), FeedbackCategory, FeedbackStatus
page.py           FeedbackPage: serves its form (GET, POST, thank-you page) in steps
forms.py          the form and its one-time token (knows nothing of the page)
notifications.py  the mails about submissions, put in the site's outbox (home/mail.py)
ratelimit.py      a per-client limit on posts (a scope of home/throttle.py, in the database)
admin.py          permissions, list, filters, export and dashboard panel of the admin

The models keep the app label `home` and are imported through home.models; the admin is
registered by home/wagtail_hooks.py; the command purge_feedback
(home/management/commands/) calls into models.py and notifications.py.
"""
