""" "War diese Seite hilfreich?" — the yes/no question under every content page:

models.py   HelpfulnessVote: one answer (page, language, yes/no, an optional comment)
forms.py    the fields and checks of a vote, the refusal of personal data in comments
views.py    the post (no CSRF token: the pages that carry the widget are page-cached)
            and the thank-you page
urls.py     their addresses under each language prefix (wired in vlgsite/urls.py)
admin.py    the editors' report per page and language, with its CSV export

The widget is the `helpfulness_widget` template tag (home/templatetags/helpfulness_tags.py),
shown by base.html for every Wagtail page whose type does not set `asks_if_helpful = False`.
The model keeps the app label `home` and is imported through home.models.
"""
