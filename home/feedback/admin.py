"""The admin of feedback submissions: who may do what, the list with its filters and export,
the form that shows a submission read-only, and the dashboard panel. home/wagtail_hooks.py
registers them."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from home.feedback.models import Feedback, FeedbackCategory, FeedbackStatus
from home.spreadsheets import formula_safe


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Submissions come from the public form only: nobody adds or copies them in the admin.
    Seeing and handling them takes the group "Feedback" (view, change) or a superuser."""

    def user_has_permission(self, user, action):
        return action not in ("add", "copy") and super().user_has_permission(user, action)


feedback_permission_policy = FeedbackPermissionPolicy(Feedback)


class FeedbackFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Eingegangen"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Feedback
        fields = ["status", "category", "commune"]


def choice_labels(choices):
    """Export the German label of a choice ("Idee"), not its stored value ("idea")."""
    label = dict(choices.choices).get
    return dict.fromkeys(SpreadsheetExportMixin.FORMATS, lambda value: str(label(value, value)))


class FeedbackIndexView(IndexView):
    custom_field_preprocess = {
        "category": choice_labels(FeedbackCategory),
        "status": choice_labels(FeedbackStatus),
    }
    # Submissions come from the public: no cell may run as a formula (home/spreadsheets.py).
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        str: {SpreadsheetExportMixin.FORMAT_CSV: formula_safe},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("commune", "related_project")


class ViewPermissionRequired(PermissionCheckedMixin):
    """Wagtail's snippet chooser views check no permission of the model: anybody with
    admin access could list every submission's reference through them."""

    permission_policy = feedback_permission_policy
    permission_required = "view"


class FeedbackChooseView(ViewPermissionRequired, chooser.ChooseView):
    pass


class FeedbackChooseResultsView(ViewPermissionRequired, chooser.ChooseResultsView):
    pass


class FeedbackChosenView(ViewPermissionRequired, chooser.SnippetChosenView):
    pass


class FeedbackChosenMultipleView(ViewPermissionRequired, chooser.SnippetChosenMultipleView):
    pass


class FeedbackChooserViewSet(chooser.SnippetChooserViewSet):
    """Nothing chooses a submission, but every snippet has chooser URLs. Creating one
    there is refused already: the policy allows no "add"."""

    choose_view_class = FeedbackChooseView
    choose_results_view_class = FeedbackChooseResultsView
    chosen_view_class = FeedbackChosenView
    chosen_multiple_view_class = FeedbackChosenMultipleView


SUBMISSION_FIELDS = [
    "reference",
    "created_at",
    *Feedback.submitted_fields,
    "retention_warning_sent_at",
    "anonymised_at",
]


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    icon = "mail"
    menu_label = _("Ideen und Feedback")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = FeedbackIndexView
    chooser_viewset_class = FeedbackChooserViewSet
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        *SUBMISSION_FIELDS,
        "status",
        "internal_notes",
        "public_answer",
        "outcome_page",
        "status_mails",
        "published",
        "public_subject",
        "public_text",
    ]
    list_display = [
        "reference",
        "subject",
        "category",
        "commune",
        "status",
        "created_at",
    ]
    filterset_class = FeedbackFilterSet
    # The database, not the site's search index: submissions are never indexed.
    search_fields = ["reference", "subject", "message"]
    search_backend_name = None
    list_export = [
        "reference",
        "created_at",
        "status",
        *Feedback.submitted_fields,
        "internal_notes",
    ]
    export_filename = "ideen-und-feedback"
    # The submission is shown read-only; editors change only its status and notes.
    panels = [
        MultiFieldPanel(
            [FieldPanel(name, read_only=True) for name in SUBMISSION_FIELDS],
            heading=_("Rückmeldung"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("internal_notes")], heading=_("Bearbeitung")
        ),
        MultiFieldPanel(
            [
                FieldPanel("public_answer"),
                PageChooserPanel("outcome_page", ["strategy.ProjectPage", "news.NewsPage"]),
                FieldPanel("status_mails", read_only=True),
            ],
            heading=_("Für die Absenderin oder den Absender sichtbar"),
            help_text=_(
                "Die Statusseite der Rückmeldung zeigt Status, Antwort und verlinkte Seite; "
                "eine Änderung von Status oder Antwort wird per E-Mail gemeldet."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publication_consent", read_only=True),
                FieldPanel("show_commune", read_only=True),
                FieldPanel("published"),
                FieldPanel("public_subject"),
                FieldPanel("public_text"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Veröffentlichung in «Ideen und Antworten»"),
        ),
    ]


feedback_viewset = FeedbackViewSet()


class NewFeedbackPanel(Component):
    """The newest unhandled submissions on the admin dashboard."""

    name = "new_feedback"
    order = 150
    template_name = "home/admin/feedback_panel.html"
    shown = 5

    def get_context_data(self, parent_context=None):
        new = Feedback.objects.filter(status=FeedbackStatus.NEW).select_related("commune")
        index_url = reverse(feedback_viewset.get_url_name("list"))
        return {
            "items": new[: self.shown],
            "count": new.count(),
            "list_url": f"{index_url}?status={FeedbackStatus.NEW}",
            "edit_url_name": feedback_viewset.get_url_name("edit"),
        }


def dashboard_panels(request):
    """The feedback panels of this user's admin dashboard: none without the permission."""
    if feedback_permission_policy.user_has_permission(request.user, "view"):
        return [NewFeedbackPanel()]
    return []
