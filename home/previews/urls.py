"""The address of a preview link, under the language prefix of the page it shows
(vlgsite/urls.py). Only well-formed secrets match; anything else is Wagtail's 404."""

from django.urls import re_path

from . import views
from .models import TOKEN_PATTERN

urlpatterns = [
    re_path(
        rf"^vorschau/(?P<token>{TOKEN_PATTERN})/$", views.shared_preview, name="shared_preview"
    ),
]
