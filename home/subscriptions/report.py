"""The report "Abonnements" (Berichte): per target and language, how many subscriptions
are confirmed or still waiting, and how often the confirmed ones get mail. Everyone in the
admin sees and exports these counts; no address is in them. Who may see subscribers
(privacy.py) also gets, per row, the list of the addresses behind it."""

import django_filters
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import BaseListingView, PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import HeaderButton
from wagtail.coreutils import get_content_languages

from home.spreadsheets import formula_safe

from . import privacy
from .models import Frequency, Subscription
from .privacy import subscriber_permission_policy
from .targets import TargetKind

TARGET_FIELDS = ("kind", "key", "language")


def field_label(name):
    return Subscription._meta.get_field(name).verbose_name


def language_choices():
    return list(get_content_languages().items())


def confirmed(**conditions):
    return Count("pk", filter=Q(confirmed_at__isnull=False, **conditions))


class SubscriptionReportFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=field_label("language"), choices=language_choices)
    kind = django_filters.ChoiceFilter(label=field_label("kind"), choices=TargetKind.choices)

    class Meta:
        model = Subscription
        fields = ["language", "kind"]


class SubscriptionReportView(ReportView):
    page_title = Subscription._meta.verbose_name_plural
    header_icon = "mail"
    index_url_name = "subscriptions_admin:report"
    index_results_url_name = "subscriptions_admin:report_results"
    filterset_class = SubscriptionReportFilterSet
    export_filename = "abonnements"
    list_export = [
        "kind_label",
        "label",
        "language_name",
        "confirmed",
        "unconfirmed",
        "immediately",
        "weekly",
    ]
    export_headings = {
        "kind_label": field_label("kind"),
        "label": field_label("label"),
        "language_name": field_label("language"),
        "confirmed": field_label("confirmed_at"),
        "unconfirmed": _("Unbestätigt"),
        "immediately": Frequency.IMMEDIATELY.label,
        "weekly": Frequency.WEEKLY.label,
    }
    # Labels are page titles and catalogue filters: no cell may run as a formula.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        str: {ReportView.FORMAT_CSV: formula_safe},
    }

    @cached_property
    def may_see_addresses(self):
        return subscriber_permission_policy.user_has_permission(self.request.user, "view")

    @cached_property
    def columns(self):
        columns = [Column(name, label=self.export_headings[name]) for name in self.list_export]
        if self.may_see_addresses:
            columns.append(
                TitleColumn(
                    "addresses", label=_("Adressen"), get_url=lambda row: row["addresses_url"]
                )
            )
        return columns

    @cached_property
    def header_buttons(self):
        if not self.may_see_addresses:
            return []
        lookup = privacy.LookupView.page_title
        url = reverse("subscriptions_admin:lookup")
        return [HeaderButton(lookup, url=url, icon_name="user")]

    def get_queryset(self):
        subscriptions = self.filter_queryset(Subscription.objects.all())
        return (
            subscriptions.values(*TARGET_FIELDS)
            .annotate(
                label=Max("label"),
                confirmed=confirmed(),
                unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
                immediately=confirmed(frequency=Frequency.IMMEDIATELY),
                weekly=confirmed(frequency=Frequency.WEEKLY),
            )
            .order_by("kind", "label", "language", "key")
        )

    def get_filtered_queryset(self):
        return self.get_queryset()  # filtered before the counts

    @cached_property
    def languages(self):
        return get_content_languages()

    kinds = dict(TargetKind.choices)

    def described(self, row):
        """A row of counts with the names of its kind and language and the link to its
        addresses."""
        query = urlencode({name: row[name] for name in TARGET_FIELDS})
        return {
            **row,
            "kind_label": str(self.kinds.get(row["kind"], row["kind"])),
            "language_name": str(self.languages.get(row["language"], row["language"])),
            "addresses": _("Anzeigen"),
            "addresses_url": f"{reverse('subscriptions_admin:addresses')}?{query}",
        }

    def paginate_queryset(self, queryset, page_size):
        # The table is built from the page's rows (the export from to_row_dict).
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        return paginator, page, [self.described(row) for row in rows], is_paginated

    def to_row_dict(self, item):
        return super().to_row_dict(self.described(item))


def menu_item():
    return MenuItem(
        Subscription._meta.verbose_name_plural,
        reverse("subscriptions_admin:report"),
        name="subscriptions",
        icon_name="mail",
        order=1310,
    )


class TargetSubscribersView(PermissionCheckedMixin, BaseListingView):
    """The addresses subscribed to one target in one language (a row of the report)."""

    permission_policy = subscriber_permission_policy
    permission_required = "view"
    header_icon = "user"
    paginate_by = 50
    index_url_name = "subscriptions_admin:addresses"
    columns = [
        TitleColumn(
            "subscriber.email",
            label=_("E-Mail-Adresse"),
            get_url=lambda subscription: reverse(
                "subscriptions_admin:subscriber", args=[subscription.subscriber_id]
            ),
        ),
        Column("get_frequency_display", label=field_label("frequency")),
        DateColumn("created_at", label=field_label("created_at")),
        DateColumn("confirmed_at", label=field_label("confirmed_at")),
    ]

    def get_base_queryset(self):
        target = {name: self.request.GET.get(name, "") for name in TARGET_FIELDS}
        return (
            Subscription.objects.filter(**target)
            .select_related("subscriber")
            .order_by("subscriber__email")
        )

    def get_page_title(self):
        first = self.get_base_queryset().first()
        return first.label if first else Subscription._meta.verbose_name_plural

    def get_index_url(self):
        return self.request.get_full_path()

    def get_breadcrumbs_items(self):
        report = {
            "url": reverse("subscriptions_admin:report"),
            "label": Subscription._meta.verbose_name_plural,
        }
        return [*self.breadcrumbs_items, report, {"url": "", "label": self.get_page_title()}]
