"""The submitter's status page and its "no more mails" page, under each language prefix
(vlgsite/urls.py); the addresses are the same in every language."""

from django.urls import path

from home.feedback import status

urlpatterns = [
    path("rueckmeldung/<str:token>/", status.status_view, name="feedback_status"),
    path("rueckmeldung/<str:token>/keine-mails/", status.stop_mails, name="feedback_status_mails"),
]
