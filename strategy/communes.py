"""The commune pages (strategy/models/commune_index.py): the index of all communes with
their number of projects, filterable by Wahlkreis, and one page per commune with its
projects by status, their next milestones, the news about them, the number of ideas and
feedback from the commune, and how to follow it (the catalogue's `?commune=` feed and
e-mail alert). Generated from the commune snippets: no editor work."""

from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from home.cache.memory import remembered
from home.change_feeds import feed_link_list
from home.listing import Choice, Filter, ListingFilter
from home.localization import one_per_translation
from home.models import Feedback
from home.subscriptions.forms import SubscribeForm
from home.text import collation_key
from home.visibility import live_public

from .commune_links import (
    commune_for_slug,
    commune_page_url,
    commune_page_urls,
    communes_in_order,
    district_slug,
    electoral_districts,
)
from .models.milestones import Milestone
from .models.project_index import ProjectIndexPage
from .models.projects import ProjectPage, ProjectStatus

NEXT_MILESTONES = 6
NEWS_SHOWN = 10


# What the pages show, also used by the API (vlgsite/api/communes.py).


def commune_projects(locale_id, commune):
    """The catalogue's projects of a language in which the commune takes part."""
    return ProjectPage.objects.catalogue(locale_id).filter(participating_communes=commune)


def by_status(projects):
    """[(status, label, [projects by title])] in the order of the statuses, non-empty."""
    groups = []
    for value, label in ProjectStatus.choices:
        members = [project for project in projects if project.status == value]
        if members:
            members.sort(key=lambda project: collation_key(project.title))
            groups.append((value, label, members))
    return groups


@remembered
def projects_by_commune(locale_id):
    """{BFS number: [(project id, status)] by id} of the catalogue's projects of a
    language, for every commune with projects; one query per language and content
    version (the index's counts, the API)."""
    rows = (
        ProjectPage.objects.catalogue(locale_id)
        .prefetch_related(None)
        .order_by("pk")
        .filter(participating_communes__isnull=False)
        .values_list("participating_communes__bfs_number", "pk", "status")
    )
    found = {}
    for bfs_number, pk, status in rows:
        found.setdefault(bfs_number, []).append((pk, status))
    return found


def project_counts(locale_id):
    """{BFS number: number of the catalogue's projects of a language}."""
    return {bfs: len(projects) for bfs, projects in projects_by_commune(locale_id).items()}


def next_milestones(projects, limit=NEXT_MILESTONES, today=None):
    """The projects' next milestones that are planned and not yet reached, soonest first,
    as dicts of date, title and project. The one place that reads milestone dates."""
    today = today or timezone.localdate()
    by_id = {project.pk: project for project in projects}
    milestones = Milestone.objects.filter(
        page_id__in=by_id, actual_date__isnull=True, planned_date__gte=today
    ).order_by("planned_date", "sort_order", "pk")[:limit]
    return [
        {"date": m.planned_date, "title": m.title, "project": by_id[m.page_id]} for m in milestones
    ]


def commune_news(projects, locale_id, limit=NEWS_SHOWN):
    """The live public news related to any of the projects (in any language), newest
    first, each once, in the page's language where translated."""
    if not projects:
        return []
    # The news app builds on this one: its model is reached through the relation.
    news_model = ProjectPage._meta.get_field("news_pages").related_model
    keys = {project.translation_key for project in projects}
    news = (
        live_public(news_model.objects.all())
        .filter(related_projects__translation_key__in=keys)
        .defer_streamfields()
        .distinct()
        .order_by("-date", "-pk")
    )
    return one_per_translation(news, locale_id)[:limit]


def feedback_counts(commune):
    """(feedback sent from the commune, published ideas that name it): numbers only.
    Ideas count only where their senders let the commune be named."""
    ideas = Feedback.objects.published_ideas().filter(show_commune=True).values("pk")
    return Feedback.objects.filter(commune=commune).aggregate(
        feedback=Count("pk"), ideas=Count("pk", filter=Q(pk__in=ideas))
    )


@remembered
def catalogue_of(locale_id):
    """The project catalogue of a language that visitors may open, or None."""
    return live_public(ProjectIndexPage.objects.filter(locale_id=locale_id)).first()


def following(catalogue, commune, request):
    """The commune's feeds and e-mail alert: the catalogue's, filtered by the commune."""
    if catalogue is None:
        return {"change_feeds": [], "subscribe_target": None, "subscribe_form": None}
    query = f"commune={commune.bfs_number}"
    label = _("Projekte der Gemeinde %(commune)s") % {"commune": commune.name}
    target = catalogue.subscription_target(QueryDict(query))
    return {
        "catalogue_url": f"{catalogue.get_url(request)}?{query}",
        "change_feeds": feed_link_list(catalogue.get_url(request), label, query),
        "subscribe_target": target,
        "subscribe_form": SubscribeForm(initial={"page": catalogue.pk, "query": query}),
    }


# The views.


def district_filter(params):
    choices = [Choice(slug, name) for slug, name in electoral_districts()]
    return ListingFilter(
        params,
        [
            Filter(
                "wahlkreis",
                _("Wahlkreis"),
                choices,
                lambda communes, value: [
                    c for c in communes if district_slug(c.electoral_district) == value
                ],
            )
        ],
    )


def index_view(index_page, request):
    listing_filter = district_filter(request.GET)
    if not listing_filter.is_valid():
        raise Http404(_("Diesen Wahlkreis gibt es nicht."))
    counts = project_counts(index_page.locale_id)
    index_url = index_page.get_url(request)
    communes = [
        {
            "commune": commune,
            "url": commune_page_url(index_url, commune),
            "projects": counts.get(commune.bfs_number, 0),
        }
        for commune in listing_filter.apply(communes_in_order())
    ]
    return index_page.render(
        request,
        context_overrides={
            "communes": communes,
            "listing_filter": listing_filter,
            "map_counts": counts,
            "commune_links": commune_page_urls(index_page.locale_id),
        },
    )


def commune_view(index_page, request, slug):
    commune = commune_for_slug(slug)
    if commune is None:
        raise Http404(_("Diese Gemeinde gibt es nicht."))
    projects = list(commune_projects(index_page.locale_id, commune))
    counts = feedback_counts(commune)
    context = {
        "commune": commune,
        "commune_links": commune_page_urls(index_page.locale_id),
        # The breadcrumbs, canonical and language links (home/templatetags/site_tags.py).
        "subpage": {"title": commune.name, "suffix": f"{commune.slug}/"},
        "projects_by_status": by_status(projects),
        "project_count": len(projects),
        "milestones": next_milestones(projects),
        "news": commune_news(projects, index_page.locale_id),
        "feedback_count": counts["feedback"],
        "idea_count": counts["ideas"],
        **following(catalogue_of(index_page.locale_id), commune, request),
    }
    return index_page.render(
        request, template="strategy/commune_page.html", context_overrides=context
    )
