"""The search page's filters and facets: type, topic and status, each counted with the
other filters applied, and sorting by date.

The database backend leaves them to Python: the type, date, status and topics of its
hits come from the columns the page types declare (search/page_types.py) in a fixed
number of queries. A cluster counts them itself (search/engines.py).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from wagtail.models import Page

from home.cache.memory import remembered
from home.models import Topic
from search.page_types import (
    PAGE,
    declared_types,
    status_choices,
    status_type,
    topic_relations,
    type_by_content_type,
    type_labels,
)
from search.results import SORTS, as_date
from search.text import fold

FILTERS = ("type", "topic", "status")


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int
    selected: bool
    url: str


def clean_filters(params):
    """({filter: value}, sort) of the valid filters and sort order of the parameters."""
    filters = {}
    kind = (params.get("type") or "").strip()
    if kind in type_labels():
        filters["type"] = kind
    topic = (params.get("topic") or "").strip()
    if topic and len(topic) <= 80 and topic.replace("-", "").replace("_", "").isalnum():
        filters["topic"] = topic
    status = (params.get("status") or "").strip()
    if status and status in {value for value, _label in status_choices()}:
        filters["status"] = status
        filters.setdefault("type", status_type()[1].key)
    sort = params.get("sort") if params.get("sort") in SORTS else "relevance"
    return filters, sort


def matches(hit, filters, exclude=None):
    """Whether a hit passes the filters (but the one excluded, whose facet it counts in)."""
    if exclude != "type" and filters.get("type") and hit.type != filters["type"]:
        return False
    if exclude != "topic" and filters.get("topic") and filters["topic"] not in hit.topics:
        return False
    if exclude != "status" and filters.get("status") and hit.status != filters["status"]:
        return False
    return True


def count_facets(hits, filters):
    found = status_type()
    status_key = found[1].key if found else None
    counts = {name: {} for name in FILTERS}
    for hit in hits:
        if matches(hit, filters, exclude="type"):
            counts["type"][hit.type] = counts["type"].get(hit.type, 0) + 1
        if matches(hit, filters, exclude="topic"):
            for slug in hit.topics:
                counts["topic"][slug] = counts["topic"].get(slug, 0) + 1
        if hit.type == status_key and matches(hit, filters, exclude="status"):
            counts["status"][hit.status] = counts["status"].get(hit.status, 0) + 1
    return counts


def add_facet_values(hits):
    """Status and topic slugs of the page hits, from the facts remembered per content
    version (at most two small queries for the pages not yet known)."""
    facts = page_facts([hit.pk for hit in hits if hit.kind == "page"])
    for hit in hits:
        fact = facts.get(hit.pk) if hit.kind == "page" else None
        if fact:
            hit.status = fact["status"]
            hit.topics = fact["topics"]


@remembered
def _known_facts():
    """{pk: facts} of the pages that searches have met since the content last changed:
    what every search of the database backend would otherwise read again for up to
    MAX_HITS pages (bounded by the number of pages)."""
    return {}


def page_facts(pks, topics=True):
    """{pk: Hit fields} for the pages: type, date, status and topic slugs. Read once per
    content version (one query, two with the topics, for the pages not yet known);
    `topics` is kept for callers that do not need them."""
    known = _known_facts()
    missing = [pk for pk in pks if pk not in known]
    if missing:
        known.update(_read_facts(missing))
    # A set of its own per call: the caller's hits may add to it.
    return {pk: {**known[pk], "topics": set(known[pk]["topics"])} for pk in pks if pk in known}


def _read_facts(pks):
    """{pk: facts} from the database: type, date, status and topic slugs."""
    types = type_by_content_type()
    # The declared date and status fields, read through each page's specific row.
    declared = {
        kind.key: (model._meta.get_ancestor_link(Page).related_query_name(), kind)
        for model, kind in declared_types()
    }
    lookups = [
        f"{specific}__{name}"
        for specific, kind in declared.values()
        for name in (*kind.date_fields, kind.status_field)
        if name
    ]
    rows = Page.objects.filter(pk__in=pks).values(
        "pk", "content_type_id", "last_published_at", *lookups
    )
    facts = {}
    topics = {}
    for row in rows:
        key = types.get(row["content_type_id"], PAGE.key)
        specific, kind = declared.get(key, ("", PAGE))
        dates = [row[f"{specific}__{name}"] for name in kind.date_fields]
        status = row[f"{specific}__{kind.status_field}"] if kind.status_field else ""
        facts[row["pk"]] = {
            "type": key,
            "date": next(filter(None, dates), None) or as_date(row["last_published_at"]),
            "status": status or "",
        }
        topics[row["pk"]] = set()
    pks_by_type = _pks_by_type((pk, fact["type"]) for pk, fact in facts.items())
    for pk, slug in _topic_slugs(pks_by_type):
        topics[pk].add(slug)
    for pk, fact in facts.items():
        fact["topics"] = frozenset(topics[pk])
    return facts


def _pks_by_type(pairs):
    grouped = {}
    for pk, kind in pairs:
        grouped.setdefault(kind, []).append(pk)
    return grouped


def _topic_slugs(pks_by_type):
    """(pk, topic slug) pairs of the pages of the types that have topics: one query."""
    rows = []
    for kind, field in topic_relations():
        ids = pks_by_type.get(kind)
        if ids:
            owner = f"{field.m2m_field_name()}_id"
            slug = f"{field.m2m_reverse_field_name()}__slug"
            through = field.remote_field.through.objects.filter(**{f"{owner}__in": ids})
            rows.append(through.order_by().values_list(owner, slug))
    return rows[0].union(*rows[1:], all=True) if rows else []


@remembered
def topic_names(locale_id):
    return dict(Topic.objects.filter(locale_id=locale_id).values_list("slug", "name"))


def facet_choices(counts, filters, locale_id, params):
    """Choices per type, topic and status with their counts (each counted with the other
    filters applied) and the link that selects (or, if selected, removes) each value."""

    def url(name, value):
        keep = ("q", *FILTERS, "sort")
        changed = {k: v for k, v in params.items() if k in keep and v}
        if filters.get(name) == value:
            changed.pop(name, None)
            if name == "type":
                changed.pop("status", None)
        else:
            changed[name] = value
        return "?" + urlencode(changed)

    def choices(name, labels):
        selected = filters.get(name)
        return [
            FacetChoice(
                value, label, counts[name].get(value, 0), selected == value, url(name, value)
            )
            for value, label in labels
            if counts[name].get(value) or selected == value
        ]

    slugs = set(counts["topic"]) | ({filters["topic"]} if "topic" in filters else set())
    names = topic_names(locale_id)
    topics = sorted(
        choices("topic", [(slug, names.get(slug, slug)) for slug in slugs]),
        key=lambda choice: (-choice.count, fold(choice.label)),
    )
    return {
        "type": choices("type", type_labels().items()),
        "topic": topics,
        "status": choices("status", status_choices()),
    }
