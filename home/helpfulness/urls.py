"""The addresses of the helpfulness widget, under each language prefix (vlgsite/urls.py):
the same in every language, as the page cache stores the pages that post here."""

from django.urls import path

from . import views

urlpatterns = [
    path("hilfreich/", views.vote, name="helpfulness_vote"),
    path("hilfreich/danke/", views.thanks, name="helpfulness_thanks"),
]
