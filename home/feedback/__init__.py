"""The ideas-and-feedback form: validation, rate limit, saving and notifications.

Flow: GET form (with a one-time token) → POST → honeypot, token, size → form validation →
rate limit → saved in a transaction → redirect to the thank-you page; the mails go out
after the commit (notifications.py) and are retried by `send_feedback_notifications`.
"""
