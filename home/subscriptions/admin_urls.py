"""The admin's pages for e-mail subscriptions, under /admin/abonnements/ (registered by
home/wagtail_hooks.py): the report (report.py) and data-protection requests (privacy.py)."""

from django.urls import path

from . import privacy, report

app_name = "subscriptions_admin"

urlpatterns = [
    path("", report.SubscriptionReportView.as_view(), name="report"),
    path(
        "ergebnisse/",
        report.SubscriptionReportView.as_view(results_only=True),
        name="report_results",
    ),
    path("adressen/", report.TargetSubscribersView.as_view(), name="addresses"),
    path("personen/", privacy.LookupView.as_view(), name="lookup"),
    path("personen/<int:pk>/", privacy.SubscriberView.as_view(), name="subscriber"),
    path("personen/<int:pk>/export/", privacy.ExportView.as_view(), name="export"),
    path("personen/<int:pk>/loeschen/", privacy.DeleteView.as_view(), name="delete"),
]
