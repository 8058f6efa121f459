"""The canton map component: what templates/components/commune_map.html draws.

One shape per commune from strategy/maps/lucerne_communes.json (built by
strategy/maps/build.py). A map shows one of three things: which communes take part
(`participating`), how many projects each has (`counts`, in up to four classes), or none
(only the `highlight`ed commune, e.g. on its own page). Every shape links to `links[bfs]`.
Nothing here queries the database.
"""

import functools
import json
import math
from pathlib import Path
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.text import collation_key

MAP_FILE = Path(__file__).resolve().with_name("lucerne_communes.json")
# Projects per commune: at most this many classes above "none", each of equal width.
COUNT_CLASSES = 3


@functools.cache
def map_data():
    """The committed map file, read once per process."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def catalogue_links(catalogue_url, params=None):
    """{BFS number: the catalogue filtered by that commune}, keeping the other `params`
    (the catalogue's current filters) so that a count on the map is the list one gets."""
    params = {key: value for key, value in (params or {}).items() if key not in ("commune", "page")}
    return {
        row["bfs"]: f"{catalogue_url}?{urlencode({**params, 'commune': row['bfs']})}"
        for row in map_data()["communes"]
    }


def count_classes(counts):
    """[(class name, lowest, highest)]: "c0" for no project, then up to COUNT_CLASSES
    ranges of equal width up to the largest count."""
    classes = [("c0", 0, 0)]
    most = max(counts.values(), default=0)
    lowest = 1
    for number in range(1, COUNT_CLASSES + 1):
        highest = math.ceil(number * most / COUNT_CLASSES)
        if highest >= lowest:
            classes.append((f"c{len(classes)}", lowest, highest))
            lowest = highest + 1
    return classes


def _range_text(lowest, highest):
    if lowest == highest:
        return ngettext("%(count)s Projekt", "%(count)s Projekte", lowest) % {"count": lowest}
    return _("%(lowest)s–%(highest)s Projekte") % {"lowest": lowest, "highest": highest}


def _participation(bfs, participating):
    if bfs in participating:
        return "on", _("nimmt teil")
    return "off", _("nimmt nicht teil")


def _numbers(values):
    """BFS numbers from numbers, strings or Commune objects."""
    return {int(getattr(value, "bfs_number", value)) for value in values}


def map_context(links, participating=None, counts=None, highlight=None, map_id="commune-map"):
    """The template context of one map. `participating`: BFS numbers (or Commune
    objects); `counts`: {BFS number: projects} (keys may be strings, as the catalogue's
    facets give them); `highlight`: one BFS number or ""; `links`: {BFS number: URL}, e.g.
    catalogue_links() or commune pages;
    `map_id`: prefix of the ids inside the map, unique on the page."""
    data = map_data()
    highlight = int(highlight) if str(highlight or "").isdigit() else None
    links = {int(bfs): url for bfs, url in links.items()}  # keys may be strings too
    if participating is not None:
        mode = "participation"
    else:
        mode = "counts" if counts is not None else "plain"
    if mode == "participation":
        participating = _numbers(participating)
        legend = [("on", _("nimmt teil")), ("off", _("nimmt nicht teil"))]
    elif mode == "counts":
        counts = {int(bfs): number for bfs, number in counts.items()}
        classes = count_classes(counts)
        legend = [("c0", _("keine Projekte"))] + [
            (name, _range_text(lowest, highest)) for name, lowest, highest in classes[1:]
        ]
    else:
        legend = []

    shapes = []
    for row in data["communes"]:
        bfs, name = row["bfs"], row["name"]
        fact = value = ""
        if mode == "participation":
            css_class, fact = _participation(bfs, participating)
            value = fact
        elif mode == "counts":
            value = counts.get(bfs, 0)
            css_class = next(c for c, low, high in classes if low <= value <= high)
            fact = ngettext("%(count)s Projekt", "%(count)s Projekte", value) % {"count": value}
        else:
            css_class = "off"
        shapes.append(
            {
                "bfs": bfs,
                "name": name,
                "d": row["d"],
                "href": links.get(bfs, ""),
                "css_class": css_class,
                "fact": fact,
                "value": value,
                "label": f"{name}: {fact}" if fact else name,
                "highlighted": bfs == highlight,
            }
        )
    # Keyboard and table order: by name, as every list of communes on the site.
    shapes.sort(key=lambda shape: collation_key(shape["name"]))
    highlighted = next((shape for shape in shapes if shape["highlighted"]), None)
    return {
        "map_id": map_id,
        "mode": mode,
        "view_box": data["viewBox"],
        "width": data["viewBox"].split()[2],
        "height": data["viewBox"].split()[3],
        "canton": data["canton"],
        "lakes": data["lakes"],
        "shapes": shapes,
        "legend": legend,
        "highlighted": highlighted,
        "caption": _caption(mode, shapes, highlighted),
    }


def _caption(mode, shapes, highlighted):
    if mode == "participation":
        count, total = sum(shape["css_class"] == "on" for shape in shapes), len(shapes)
        return ngettext(
            "%(count)s von %(total)s Gemeinden nimmt teil",
            "%(count)s von %(total)s Gemeinden nehmen teil",
            count,
        ) % {"count": count, "total": total}
    if mode == "counts":
        return _("Projekte pro Gemeinde")
    if highlighted:
        return _("%(name)s im Kanton Luzern") % {"name": highlighted["name"]}
    return _("Die Gemeinden des Kantons Luzern")


def catalogue_overview(catalogue_url, listing_filter, sort_params):
    """The catalogue map's arguments: the projects per commune under the other active
    filters (the commune facet's counts, already counted: no query of its own), links
    that keep those filters and `sort_params`, the chosen commune highlighted."""
    communes = next(f for f in listing_filter if f.name == "commune")
    params = {**listing_filter.active, **sort_params}
    return {
        "counts": communes.counts or {},
        "links": catalogue_links(catalogue_url, params),
        "highlight": communes.selected,
    }
