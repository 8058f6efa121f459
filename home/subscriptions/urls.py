"""The subscription pages, under each language prefix (vlgsite/urls.py). The addresses
stay the same in every language, so that links in mails keep working."""

from django.urls import path

from . import views

urlpatterns = [
    path("abonnements/", views.subscribe, name="subscription_subscribe"),
    path("abonnements/angefordert/", views.requested, name="subscription_requested"),
    path("abonnements/bestaetigen/<str:token>/", views.confirm, name="subscription_confirm"),
    path("abonnements/verwalten/<str:token>/", views.manage, name="subscription_manage"),
    path("abonnements/abmelden/<str:token>/", views.unsubscribe, name="subscription_unsubscribe"),
]
