from django.shortcuts import render


def csrf_failure(request, reason=""):
    """Django's 403 for a missing or wrong CSRF token, in the site's look and language.
    The reason is for developers and stays out of the page."""
    return render(request, "403_csrf.html", status=403)
