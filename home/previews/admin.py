"""The editors' page "Vorschau-Link teilen" (reached from the page editor's header menu):
make a link to the page's latest draft, valid for a chosen time, see the page's active
links and revoke any of them. Only users who may edit the page get it (403 otherwise);
posts carry Django's CSRF token."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import Page

from . import links
from .models import PreviewLink

URL_NAME = "preview_links"
REVOKE_URL_NAME = "preview_link_revoke"


def may_share(page, user):
    return not page.is_root() and page.permissions_for_user(user).can_edit()


def header_button(page, user):
    """The entry in the page editor's header menu, for those who may share the page."""
    if may_share(page, user):
        url = reverse(URL_NAME, args=[page.pk])
        return [Button(_("Vorschau-Link teilen"), url, icon_name="link", priority=67)]
    return []


def _days_label(days):
    return ngettext("%(days)s Tag", "%(days)s Tage", days) % {"days": days}


days_label = lazy(_days_label, str)


class PreviewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Gültig für"),
        coerce=int,
        choices=[(days, days_label(days)) for days in links.VALIDITY_DAYS],
        initial=links.DEFAULT_VALIDITY_DAYS,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Für wen (freiwillig)"),
        help_text=_("Zum Beispiel der Name der Person, die den Entwurf prüft."),
        max_length=PreviewLink._meta.get_field("note").max_length,
        required=False,
    )


class PageSharingMixin(WagtailAdminTemplateMixin):
    header_icon = "link"
    page_title = _("Vorschau-Links")

    def dispatch(self, request, *args, **kwargs):
        if not may_share(self.page, request.user):
            # A plain 403 (Wagtail would turn PermissionDenied into a redirect).
            return HttpResponseForbidden(
                _("Sie dürfen diese Seite nicht bearbeiten und darum keinen Vorschau-Link teilen.")
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def page(self):
        return get_object_or_404(Page, pk=self.kwargs["page_id"]).specific

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()


class PreviewLinksView(PageSharingMixin, FormView):
    template_name = "home/previews/admin.html"
    form_class = PreviewLinkForm

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page, active_links=links.active_for(self.page), **kwargs
        )

    def form_valid(self, form):
        link, token = links.create(
            self.page, self.request.user, form.cleaned_data["days"], form.cleaned_data["note"]
        )
        messages.success(self.request, _("Der Vorschau-Link wurde erstellt."))
        # Shown once, in the answer to the post: only its hash is stored.
        new_url = self.request.build_absolute_uri(links.address(self.page, token))
        context = self.get_context_data(form=self.form_class(), new_link=link, new_url=new_url)
        response = self.render_to_response(context)
        response["Cache-Control"] = "private, no-store"
        return response


class RevokeView(PageSharingMixin, View):
    http_method_names = ["post"]

    def post(self, request, page_id, link_id):
        link = get_object_or_404(PreviewLink.objects.active(), pk=link_id, page_id=page_id)
        links.revoke(link, request.user)
        messages.success(request, _("Der Vorschau-Link wurde widerrufen."))
        return redirect(URL_NAME, page_id)
