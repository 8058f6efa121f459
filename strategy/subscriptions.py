"""What the catalogue offers to subscribe to (home/subscriptions/): the projects of its
current filters, or of one commune when that is the only filter; and whether a project
matches a stored catalogue query."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from home.models import Commune
from home.subscriptions.targets import Target, TargetKind

from .catalogue import catalogue_filter


def catalogue_target(index_page, params):
    """The target of the catalogue with these filters; None for an invalid filter."""
    listing_filter = catalogue_filter(index_page, params)
    if not listing_filter.is_valid():
        return None
    active = listing_filter.active
    base_url = index_page.get_url()
    if not active:
        return Target(TargetKind.CATALOGUE, "", _("Alle Projekte"), base_url)
    if set(active) == {"commune"}:
        commune = Commune.objects.get(bfs_number=int(active["commune"]))
        label = _("Projekte der Gemeinde %(commune)s") % {"commune": commune.name}
        return Target(
            TargetKind.COMMUNE, active["commune"], label, f"{base_url}?{listing_filter.querystring}"
        )
    return Target(
        TargetKind.CATALOGUE,
        listing_filter.querystring,
        _("Projekte: %(filters)s") % {"filters": describe(listing_filter)},
        f"{base_url}?{listing_filter.querystring}",
    )


def describe(listing_filter):
    """The active filters in words. A keyword is named, not quoted: mails must not carry
    text a visitor typed."""
    parts = []
    for active in listing_filter:
        if not active.selected:
            continue
        if getattr(active, "is_text", False):
            parts.append(str(_("mit Stichwort")))
            continue
        label = next(c.label for c in active.choices if c.value == active.selected)
        parts.append(f"{active.label} {label}")
    return ", ".join(parts)


def project_matches(index_page, project, key):
    """Whether the project is among the catalogue's projects for the stored query."""
    listing_filter = catalogue_filter(index_page, QueryDict(key))
    if not listing_filter.is_valid():
        return False  # a filter value that no longer exists matches nothing
    return listing_filter.apply(index_page.projects().filter(pk=project.pk)).exists()
