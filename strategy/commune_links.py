"""Where the commune pages are: one page per commune below the commune index of each
language (strategy/models/commune_index.py), at `<index>/<commune slug>/`.

The lookups here serve the project page, the API, the sitemap and the search. This module
imports no other module of the app, so that every page model can use it; the index's page
type is found through Django's app registry. Everything is remembered per content version
(home/cache/memory.py)."""

from django.apps import apps
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home.cache.memory import remembered
from home.communes import commune_slug
from home.models import Commune
from home.text import collation_key
from home.visibility import live_public


def _locale_id(locale):
    return getattr(locale, "pk", locale)


@remembered
def communes_in_order():
    """Every commune, in the order of their names."""
    return sorted(Commune.objects.all(), key=lambda commune: collation_key(commune.name))


@remembered
def communes_by_slug():
    return {commune.slug: commune for commune in communes_in_order()}


def commune_for_slug(slug):
    """The commune with this slug, or None."""
    return communes_by_slug().get(slug)


def district_slug(name):
    """A Wahlkreis as a filter value: "Luzern-Land" → "luzern-land"."""
    return slugify(name)


@remembered
def electoral_districts():
    """[(slug, name)] of the Wahlkreise, in the order of their names."""
    names = {commune.electoral_district for commune in communes_in_order()}
    return [(district_slug(name), name) for name in sorted(names, key=collation_key)]


@remembered
def commune_index_url(locale_id, full=False):
    """The URL of the commune index of a language that visitors may open, or None; with
    the site's scheme and host if `full` (for the API and the sitemap)."""
    model = apps.get_model("strategy", "CommuneIndexPage")
    index = live_public(model.objects.filter(locale_id=locale_id)).order_by("path").first()
    if index is None:
        return None
    return index.get_full_url() if full else index.get_url()


def commune_page_url(index_url, commune):
    return f"{index_url}{commune.slug}/"


@remembered
def _commune_page_urls(locale_id, full):
    index_url = commune_index_url(locale_id, full)
    if index_url is None:
        return {}
    return {c.bfs_number: commune_page_url(index_url, c) for c in communes_in_order()}


def commune_page_urls(locale, full=False):
    """{BFS number: URL of the commune page} in a language (a Locale or its id); empty
    where the language has no commune index visitors may open. `full`: with the site's
    scheme and host."""
    return _commune_page_urls(_locale_id(locale), full)


# What may come before a commune's name in a search, as slugs ("Gemeinde Emmen").
SEARCH_PREFIXES = (
    "gemeinde-",
    "commune-de-",
    "commune-",
    "comune-di-",
    "comune-",
    "municipality-of-",
)


@remembered
def communes_by_search_key():
    """{slug: commune}, also without the canton in brackets ("Aesch (LU)": "aesch")."""
    keys = {}
    for commune in communes_in_order():
        keys[commune.slug] = commune
        keys.setdefault(commune.slug.removesuffix("-lu"), commune)
    return keys


def commune_named(query):
    """The commune that a search query names, alone or after a word such as "Gemeinde";
    None for any other query."""
    key = commune_slug(query[:100])
    for prefix in SEARCH_PREFIXES:
        if key.startswith(prefix):
            key = key.removeprefix(prefix)
            break
    return communes_by_search_key().get(key)


def commune_quick_links(query, urls):
    """The link to the commune page that a query names ({BFS number: URL} of the
    language), as the search shows it above the results: [] or one dict."""
    commune = commune_named(query)
    if commune is None or commune.bfs_number not in urls:
        return []
    return [
        {
            "title": _("Gemeinde %(commune)s") % {"commune": commune.name},
            "url": urls[commune.bfs_number],
            "description": _("Projekte, nächste Meilensteine und News der Gemeinde %(commune)s")
            % {"commune": commune.name},
        }
    ]
