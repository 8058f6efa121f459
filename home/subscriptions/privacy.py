"""Data-protection requests about e-mail subscriptions, in the admin. Who may see
subscribers (the group "Feedback" and superusers, migration 0010) finds one person's
subscriptions by address, exports everything stored about them as JSON and deletes it.

Exports and deletions go into Wagtail's log (Berichte → Seitenverlauf) under the
subscriber's number with the count of subscriptions, never with the address. The address
is posted, not put into a URL, so that no request log or browser history keeps it."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import LogFormatter, log
from wagtail.permission_policies import ModelPermissionPolicy

from .models import MAX_ADDRESS_LENGTH, Subscriber

subscriber_permission_policy = ModelPermissionPolicy(Subscriber)

EXPORTED = "home.subscriber.export"
DELETED = "home.subscriber.delete"
EXPORT_FIELDS = ["language", "kind", "key", "label", "url", "frequency"]
TIMESTAMPS = ["created_at", "confirmed_at"]


def subscriber_title(subscriber_id):
    """How the admin and its log name a subscriber: by number, not by address."""
    return f"{Subscriber._meta.verbose_name} #{subscriber_id}"


def personal_data(subscriber):
    """Everything stored about the person: the address, its creation and each
    subscription (language, target, frequency, timestamps)."""
    return {
        "email": subscriber.email,
        "created_at": subscriber.created_at,
        "subscriptions": [
            {name: getattr(subscription, name) for name in EXPORT_FIELDS + TIMESTAMPS}
            for subscription in subscriber.subscriptions.order_by("created_at", "pk")
        ],
    }


def log_subscriber_action(request, subscriber, action, count, **flags):
    log(
        subscriber,
        action,
        user=request.user,
        title=subscriber_title(subscriber.pk),
        data={"count": count},
        **flags,
    )


class SubscriberLogFormatter(LogFormatter):
    def format_message(self, log_entry):
        return self.message % {"count": log_entry.data.get("count", 0)}


class ExportedFormatter(SubscriberLogFormatter):
    label = _("Abonnements einer Person exportiert (Datenschutz)")
    message = _("Abonnements einer Person exportiert (Anzahl: %(count)s)")


class DeletedFormatter(SubscriberLogFormatter):
    label = _("Abonnements einer Person gelöscht (Datenschutz)")
    message = _("Alle Abonnements einer Person gelöscht (Anzahl: %(count)s)")


def register_log_actions(actions):
    actions.register_action(EXPORTED)(ExportedFormatter)
    actions.register_action(DELETED)(DeletedFormatter)


class SubscriberMenuItem(MenuItem):
    def is_shown(self, request):
        return subscriber_permission_policy.user_has_permission(request.user, "view")


def menu_item():
    return SubscriberMenuItem(
        _("Abonnements: Auskunft und Löschung"),
        reverse("subscriptions_admin:lookup"),
        name="subscriber-lookup",
        icon_name="user",
        order=1320,
    )


class LookupForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=MAX_ADDRESS_LENGTH)


class SubscriberPermissionMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    permission_policy = subscriber_permission_policy
    permission_required = "view"
    header_icon = "user"


class LookupView(SubscriberPermissionMixin, FormView):
    """Find a person's subscriptions by the address they wrote from."""

    template_name = "home/subscriptions/admin/lookup.html"
    form_class = LookupForm
    page_title = _("Abonnements: Auskunft und Löschung")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        subscriber = Subscriber.objects.filter(email__iexact=email).first()
        if subscriber is None:
            return self.render_to_response(self.get_context_data(form=form, not_found=True))
        return redirect("subscriptions_admin:subscriber", subscriber.pk)


class SubscriberMixin(SubscriberPermissionMixin):
    # Looked up after the permission check (dispatch): nobody else learns which exist.
    @cached_property
    def subscriber(self):
        return get_object_or_404(Subscriber, pk=self.kwargs["pk"])

    def get_page_title(self):
        return subscriber_title(self.subscriber.pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("subscriptions_admin:lookup"), "label": LookupView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]


class SubscriberView(SubscriberMixin, TemplateView):
    """One person's address and subscriptions, with the export and the deletion."""

    template_name = "home/subscriptions/admin/subscriber.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subscriber=self.subscriber,
            subscriptions=self.subscriber.subscriptions.order_by("created_at", "pk"),
            may_delete=subscriber_permission_policy.user_has_permission(
                self.request.user, "delete"
            ),
            **kwargs,
        )


class ExportView(SubscriberMixin, View):
    """The stored data as a JSON file to hand to the person."""

    def get(self, request, pk):
        data = personal_data(self.subscriber)
        log_subscriber_action(request, self.subscriber, EXPORTED, len(data["subscriptions"]))
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        filename = f"abonnements-{self.subscriber.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DeleteView(SubscriberMixin, TemplateView):
    """Asks first; the post deletes the address with all its subscriptions and the
    notices still waiting for them."""

    permission_required = "delete"
    template_name = "home/subscriptions/admin/confirm_delete.html"

    def get_context_data(self, **kwargs):
        count = self.subscriber.subscriptions.count()
        return super().get_context_data(subscriber=self.subscriber, count=count, **kwargs)

    def post(self, request, pk):
        title = self.get_page_title()
        with transaction.atomic():
            count = self.subscriber.subscriptions.count()
            log_subscriber_action(request, self.subscriber, DELETED, count, deleted=True)
            self.subscriber.delete()
        messages.success(
            request,
            _("%(subscriber)s und alle Abonnements (%(count)s) wurden gelöscht.")
            % {"subscriber": title, "count": count},
        )
        return redirect("subscriptions_admin:lookup")
