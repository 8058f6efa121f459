"""The editors' report of "War diese Seite hilfreich?": per page and language the number
of votes, the share of "Nein" and the latest comments, with a CSV/XLSX export. Only users
with the permission `home.view_helpfulnessvote` (the groups Redaktion and Freigabe, given
by a migration, and superusers) see it. home/wagtail_hooks.py registers it."""

from dataclasses import dataclass, field
from datetime import datetime

import django_filters
from django.conf import settings
from django.db.models import Count, Max, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from home.helpfulness.models import HelpfulnessVote
from home.spreadsheets import formula_safe

LATEST_COMMENTS = 3
REPORT_URL_NAME = "helpfulness_report"

helpfulness_permission_policy = ModelPermissionPolicy(HelpfulnessVote)


def may_see_report(user):
    return helpfulness_permission_policy.user_has_permission(user, "view")


@dataclass
class PageVotes:
    """One row of the report: the votes about one page in one language."""

    page_id: int
    language: str
    votes: int
    no_votes: int
    latest: datetime
    page: Page | None = None
    comments: list = field(default_factory=list)

    @property
    def title(self):
        return self.page.title if self.page else ""

    @property
    def no_share(self):
        """The share of "Nein" in whole percent."""
        return round(100 * self.no_votes / self.votes) if self.votes else 0

    @property
    def comments_text(self):
        return "\n".join(comment.comment for comment in self.comments)


class HelpfulnessFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Sprache"), choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Eingegangen"), widget=DateRangePickerWidget
    )

    class Meta:
        model = HelpfulnessVote
        fields = ["language", "created_at"]


class HelpfulnessReportView(ReportView):
    page_title = _("Hilfreich-Rückmeldungen")
    header_icon = "help"
    results_template_name = "home/admin/helpfulness_report_results.html"
    index_url_name = REPORT_URL_NAME
    index_results_url_name = f"{REPORT_URL_NAME}_results"
    permission_policy = helpfulness_permission_policy
    permission_required = "view"
    model = HelpfulnessVote
    filterset_class = HelpfulnessFilterSet
    export_filename = "hilfreich-rueckmeldungen"
    list_export = ["title", "page_id", "language", "votes", "no_votes", "no_share", "latest"]
    list_export += ["comments_text"]
    export_headings = {
        "title": _("Seite"),
        "page_id": _("Seiten-ID"),
        "language": _("Sprache"),
        "votes": _("Rückmeldungen"),
        "no_votes": _("Davon «Nein»"),
        "no_share": _("Anteil «Nein» in Prozent"),
        "latest": _("Letzte Rückmeldung"),
        "comments_text": _("Neueste Kommentare"),
    }
    # Comments come from the public: no cell may run as a formula (home/spreadsheets.py).
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        str: {SpreadsheetExportMixin.FORMAT_CSV: formula_safe},
    }

    def filtered_votes(self):
        return self.filter_queryset(HelpfulnessVote.objects.all())

    def get_queryset(self):
        """One row per page and language; the most "Nein" first."""
        return (
            self.filtered_votes()
            .order_by()
            .values("page_id", "language")
            .annotate(
                votes=Count("pk"),
                no_votes=Count("pk", filter=Q(helpful=False)),
                latest=Max("created_at"),
            )
            .order_by("-no_votes", "-votes", "page_id", "language")
        )

    def get_filtered_queryset(self):
        return self.get_queryset()  # filtered before it is grouped

    def decorate_paginated_queryset(self, object_list):
        rows = [PageVotes(**values) for values in object_list]
        pages = Page.objects.in_bulk({row.page_id for row in rows})
        comments = self.latest_comments({row.page_id for row in rows})
        for row in rows:
            row.page = pages.get(row.page_id)
            row.comments = comments.get((row.page_id, row.language), [])
        return rows

    def latest_comments(self, page_ids):
        """The newest LATEST_COMMENTS comments of each page and language, in one query."""
        ranked = (
            self.filtered_votes()
            .filter(page_id__in=page_ids)
            .exclude(comment="")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=["page_id", "language"],
                    order_by=["-created_at", "-pk"],
                )
            )
            .filter(rank__lte=LATEST_COMMENTS)
            .order_by("-created_at", "-pk")
        )
        grouped = {}
        for vote in ranked:
            grouped.setdefault((vote.page_id, vote.language), []).append(vote)
        return grouped


class HelpfulnessReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)
