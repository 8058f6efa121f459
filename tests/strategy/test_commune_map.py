"""The canton map: its data file (strategy/maps/lucerne_communes.json, built by
strategy/maps/build.py), the {% commune_map %} component, and its use on the project page
and the catalogue."""

import json
import re
import struct
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template

from home.models import Commune
from strategy.commune_links import commune_page_urls
from strategy.maps import build
from strategy.maps.component import count_classes, map_data
from strategy.maps.topology import decode_arcs, simplify, stitch
from strategy.models import ProjectIndexPage, ProjectPage
from tests.strategy.factories import make_project, make_project_index

REFERENCE = Path(build.COMMUNES_FILE)

# --- Reading SVG path data: a strict reader of the commands the map uses ------------------

TOKEN = re.compile(r"\s*,?\s*(?:([MmLlHhVvZz])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))")


def path_rings(d):
    """The rings of a path as lists of absolute points; fails on anything that is not
    valid SVG path syntax of moves, lines and closes."""
    tokens, position = [], 0
    while position < len(d):
        match = TOKEN.match(d, position)
        assert match and match.end() > position, f"not SVG path syntax at {d[position:][:20]!r}"
        tokens.append(match.group(1) or float(match.group(2)))
        position = match.end()
    assert tokens and tokens[0] in "Mm", "a path starts with a move"
    rings, ring, command, x, y = [], None, None, 0.0, 0.0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if isinstance(token, str):
            command = token
            index += 1
            if command in "Zz":
                assert ring and len(ring) >= 3, "a closed ring has three points or more"
                rings.append(ring)
                ring, (x, y) = None, ring[0]
            continue
        relative = command.islower()
        if command in "Hh":
            x = x + token if relative else token
            index += 1
        elif command in "Vv":
            y = y + token if relative else token
            index += 1
        else:
            dx, dy = token, tokens[index + 1]
            assert not isinstance(dy, str), "coordinates come in pairs"
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            index += 2
        if command in "Mm":
            assert ring is None, "each ring is closed before the next move"
            ring = []
            command = "l" if relative else "L"  # numbers after a move are lines
        ring.append((x, y))
    assert ring is None, "every ring is closed"
    return rings


def test_path_reader_rejects_what_is_not_a_path():
    assert path_rings("M1 2l3-4 0 5z") == [[(1, 2), (4, -2), (4, 3)]]
    for bad in ("M1 2l3-4z", "M1 2 l3 x 4z", "L1 2 3 4 5 6z", "M1 2l3 4 5 6"):
        with pytest.raises(AssertionError):
            path_rings(bad)


# --- The data file --------------------------------------------------------------------


def test_data_file_has_exactly_the_79_communes_with_their_names():
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["communes"]
    data = map_data()
    assert {c["bfs"]: c["name"] for c in data["communes"]} == {
        c["bfs"]: c["name"] for c in reference
    }
    assert len(data["communes"]) == 79
    assert data["version"] == "4.7.0" and "swiss-maps@4.7.0" in data["source"]
    assert "BSD-3-Clause" in data["licence"] and "GEOSTAT" in data["licence"]
    assert "python -m strategy.maps.build" in data["generated"]


def test_every_path_is_valid_and_inside_the_view_box():
    data = map_data()
    _x, _y, width, height = map(float, data["viewBox"].split())
    paths = [c["d"] for c in data["communes"]] + [data["canton"]]
    for d in paths:
        for ring in path_rings(d):
            assert all(0 <= x <= width and 0 <= y <= height for x, y in ring)
    for lake in data["lakes"]:
        assert path_rings(lake["d"])  # lakes may reach beyond: the map clips them


def test_neighbours_share_their_border_points():
    """Simplified once per arc: Emmen and Luzern meet on the very same points."""
    shapes = {c["bfs"]: c["d"] for c in map_data()["communes"]}
    emmen, luzern = ({p for ring in path_rings(shapes[n]) for p in ring} for n in (1024, 1061))
    assert len(emmen & luzern) >= 3


def test_data_file_is_small():
    assert build.OUTPUT.stat().st_size < 60_000


# --- The build script's pure functions on a hand-written topology ---------------------

# Two squares side by side (A-Dorf west, B-Dorf east) sharing the edge x = 10, a lake in
# A-Dorf and one outside the canton. Quantized: delta-encoded integers, scaled by 0.01
# degrees and shifted to 8° E, 47° N.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.01, 0.01], "translate": [8, 47]},
    "arcs": [
        [[10, 0], [0, 10]],  # the shared edge, south to north
        [[10, 10], [-10, 0], [0, -10], [10, 0]],  # A-Dorf's other sides
        [[10, 0], [10, 0], [0, 10], [-10, 0]],  # B-Dorf's other sides
        [[2, 2], [4, 0], [-2, 4], [-2, -4]],  # a lake inside A-Dorf, one closed arc
        [[30, 30], [2, 0], [-1, 2], [-1, -2]],  # a lake elsewhere
    ],
    "objects": {
        "municipalities": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": 1001, "arcs": [[0, 1]]},
                {"type": "Polygon", "id": 1002, "arcs": [[2, -1]]},
                {"type": "Polygon", "id": 2001, "arcs": [[4]]},
            ],
        },
        "cantons": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "id": 3, "arcs": [[1, 2]]}],
        },
        "lakes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": 9001, "arcs": [[3]]},
                {"type": "MultiPolygon", "id": 9002, "arcs": [[[4]]]},
            ],
        },
    },
}


def rounded(points):
    return [(round(x, 9), round(y, 9)) for x, y in points]


def test_arcs_are_delta_decoded_and_transformed():
    arcs = decode_arcs(TINY)
    assert rounded(arcs[0]) == [(8.1, 47.0), (8.1, 47.1)]
    assert rounded(arcs[1]) == [(8.1, 47.1), (8.0, 47.1), (8.0, 47.0), (8.1, 47.0)]
    assert rounded(arcs[3]) == [(8.02, 47.02), (8.06, 47.02), (8.04, 47.06), (8.02, 47.02)]
    # A negative index walks the arc backwards; joined arcs share their end point.
    ring = rounded(stitch([2, ~0], arcs))
    assert ring == [(8.1, 47), (8.2, 47), (8.2, 47.1), (8.1, 47.1), (8.1, 47)]


def test_an_untransformed_topology_keeps_its_coordinates():
    assert decode_arcs({"arcs": [[[1.5, 2.5], [3, 4]]]}) == [[(1.5, 2.5), (3, 4)]]


def test_simplify_keeps_ends_and_a_closed_arc_stays_an_area():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert simplify(line, 0.1) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    # Nearly straight: the farthest inner point stays, so no ring of two arcs collapses.
    assert simplify([(0, 0), (1, 0.01), (2, 0.02), (3, 0)], 1) == [(0, 0), (2, 0.02), (3, 0)]
    triangle = [(0, 0), (4, 0), (2, 4), (0, 0)]
    assert simplify(triangle, 10) == triangle


def test_build_map_on_the_tiny_topology():
    data = build.build_map(TINY, {1001: "A-Dorf", 1002: "B-Dorf"})
    assert [(c["bfs"], c["name"]) for c in data["communes"]] == [(1001, "A-Dorf"), (1002, "B-Dorf")]
    assert [lake["id"] for lake in data["lakes"]] == [9001]
    _x, _y, width, height = map(int, data["viewBox"].split())
    assert width == build.WIDTH
    (a,), (b,) = (path_rings(c["d"]) for c in data["communes"])
    (canton,) = path_rings(data["canton"])
    for point in a + b:
        assert 0 <= point[0] <= width and 0 <= point[1] <= height
    # The shared edge: the same two points in both squares, on the canton's middle line.
    shared = set(a) & set(b)
    assert len(shared) == 2 and len({x for x, _y in shared}) == 1
    assert set(canton) == set(a) | set(b)  # the shared edge ends on the outline
    # North is up: A-Dorf's north-west corner has the smallest y.
    assert min(a, key=lambda p: (p[1], p[0])) == (build.MARGIN, build.MARGIN)
    again = build.build_map(TINY, {1001: "A-Dorf", 1002: "B-Dorf"})
    assert build.serialize(data) == build.serialize(again)


def test_build_stops_when_the_communes_differ():
    table = [{"id": 1001, "KTNR": 3}, {"id": 1002, "KTNR": 3}, {"id": 2001, "KTNR": 4}]
    build.check_communes({1001: "A", 1002: "B"}, TINY, table)
    with pytest.raises(build.MapDataError, match=r"not in the package's canton 3: \[1003\]"):
        build.check_communes({1001: "A", 1002: "B", 1003: "C"}, TINY, table)
    with pytest.raises(build.MapDataError, match=r"in the package but not in .*: \[1002\]"):
        build.check_communes({1001: "A"}, TINY, table)


def test_dbf_numbers_reads_the_numeric_columns():
    header = bytearray(32)
    header[0] = 3
    header[4:12] = struct.pack("<IHH", 2, 97, 7)  # records, header length, record length
    fields = b""
    for name, length in ((b"id", 4), (b"KTNR", 2)):
        descriptor = bytearray(32)
        descriptor[: len(name)] = name
        descriptor[11], descriptor[16] = ord("N"), length
        fields += bytes(descriptor)
    table = bytes(header) + fields + b"\r" + b" 1001 3" + b"*2001 4"
    assert build.dbf_numbers(table) == [{"id": 1001, "KTNR": 3}]


def test_count_classes_split_the_counts_in_equal_ranges():
    assert count_classes({}) == [("c0", 0, 0)]
    assert count_classes({1: 1}) == [("c0", 0, 0), ("c1", 1, 1)]
    assert count_classes({1: 2}) == [("c0", 0, 0), ("c1", 1, 1), ("c2", 2, 2)]
    assert count_classes({1: 12, 2: 0}) == [("c0", 0, 0), ("c1", 1, 4), ("c2", 5, 8), ("c3", 9, 12)]


# --- The component and the pages ------------------------------------------------------


def map_facts(html):
    """What the map says, read from the page: per BFS number its shape's (label, class,
    href, highlighted) and its table row's (name, value, href)."""
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.select_one("figure.commune-map")
    assert figure, "no map on the page"
    shapes = {}
    for link in figure.select("svg.commune-map__svg a"):
        css = next(c for c in link["class"] if c.startswith("commune-map__link--"))
        shapes[int(link["data-bfs"])] = {
            "label": link["aria-label"],
            "class": css.removeprefix("commune-map__link--"),
            "href": link.get("href"),
            "current": link.get("aria-current") == "true",
            "fill": link.path["fill"],
        }
        assert link.title.string == link["aria-label"]
    rows = {}
    for row in figure.select("table tbody tr"):
        cell = row.td
        rows[int(row["data-bfs"])] = {
            "name": row.th.a.string,
            "value": cell.string if cell else None,
            "href": row.th.a["href"],
        }
    return figure, shapes, rows


def german(model, **filters):
    return model.objects.live().get(locale__language_code="de", **filters)


@pytest.mark.django_db
def test_project_page_map_marks_exactly_the_participating_communes(client):
    project = german(ProjectPage, slug="eumzug-luzern")
    participating = set(project.participating_communes.values_list("bfs_number", flat=True))
    assert 0 < len(participating) < 79
    figure, shapes, rows = map_facts(client.get(project.url).content.decode())

    assert set(shapes) == set(rows) == {c["bfs"] for c in map_data()["communes"]}
    assert {bfs for bfs, s in shapes.items() if s["class"] == "on"} == participating
    assert all(s["class"] == "off" for bfs, s in shapes.items() if bfs not in participating)
    names = {c["bfs"]: c["name"] for c in map_data()["communes"]}
    for bfs, shape in shapes.items():
        fact = "nimmt teil" if bfs in participating else "nimmt nicht teil"
        assert shape["label"] == f"{names[bfs]}: {fact}"
        assert shape["fill"] == f"url(#commune-map-{shape['class']})"
        # The table says the same, with the same links.
        assert rows[bfs] == {"name": names[bfs], "value": fact, "href": shape["href"]}
        assert shape["href"] == commune_page_urls(project.locale_id)[bfs]
    assert f"{len(participating)} von 79 Gemeinden nehmen teil" in figure.figcaption.text
    assert figure.select_one("#commune-map-on pattern, pattern#commune-map-on")
    assert "GEOSTAT" in figure.text


@pytest.fixture
def catalogue(home_page):
    """Projects in operation: Emmen in three, Wikon and Luzern in one; Kriens only in a
    planned one."""
    emmen, wikon, luzern, kriens = (
        Commune.objects.get(bfs_number=n) for n in (1024, 1147, 1061, 1059)
    )
    index = make_project_index(home_page)
    make_project(index, "Alpha", status="in_operation", communes=[wikon, emmen])
    make_project(index, "Beta", status="in_operation", communes=[emmen, luzern])
    make_project(index, "Gamma", status="planned", communes=[luzern, kriens])
    make_project(index, "Delta", status="in_operation", communes=[emmen])
    return index


@pytest.mark.django_db
def test_catalogue_overview_counts_match_the_catalogue_filtered_by_commune(client, catalogue):
    url = catalogue.url
    _figure, shapes, rows = map_facts(client.get(f"{url}?status=in_operation").content.decode())
    counts = {bfs: int(row["value"]) for bfs, row in rows.items()}
    assert {bfs: n for bfs, n in counts.items() if n} == {1024: 3, 1147: 1, 1061: 1}
    for bfs in (1024, 1147, 1061, 1059, 1051):  # Emmen, Wikon, Luzern, Kriens, Adligenswil
        link = shapes[bfs]["href"]
        assert link == f"{url}?status=in_operation&commune={bfs}"
        filtered = client.get(link)
        assert filtered.status_code == 200
        listed = BeautifulSoup(filtered.content, "html.parser").select_one(".listing__count")
        assert int(listed.text.split()[0]) == counts[bfs]
        # There the commune followed is outlined; the counts stay those of the other filters.
        _f, there, there_rows = map_facts(filtered.content.decode())
        assert [b for b, s in there.items() if s["current"]] == [bfs]
        assert there_rows == rows
    assert shapes[1024]["label"] == "Emmen: 3 Projekte"
    assert shapes[1147]["label"] == "Wikon: 1 Projekt"
    assert shapes[1059]["label"] == "Kriens: 0 Projekte"
    # A class per range (1, 2, 3 projects), each with its own pattern.
    classes = [shapes[bfs]["class"] for bfs in (1024, 1147, 1059)]
    assert classes == ["c3", "c1", "c0"]
    assert shapes[1024]["fill"] == "url(#commune-map-c3)"


@pytest.mark.django_db
def test_demo_catalogue_counts_match_for_some_communes(client):
    url = german(ProjectIndexPage).url
    _figure, shapes, rows = map_facts(client.get(url).content.decode())
    for bfs in (1061, 1069):  # Luzern, Weggis
        listed = BeautifulSoup(client.get(shapes[bfs]["href"]).content, "html.parser")
        assert listed.select_one(".listing__count").text.split()[0] == rows[bfs]["value"]


@pytest.mark.django_db
def test_catalogue_without_projects_shows_no_map(client, catalogue):
    html = client.get(f"{catalogue.url}?q=xqzvnichtsdergleichen").content.decode()
    assert "commune-map" not in html


def render_map(**arguments):
    template = Template(
        "{% load commune_map_tags %}"
        "{% commune_map links=links participating=participating counts=counts "
        "highlight=highlight map_id=map_id %}"
    )
    values = {"participating": None, "counts": None, "highlight": None, "map_id": "m"}
    return template.render(Context({**values, **arguments}))


def test_links_go_where_the_parameter_says():
    links = {c["bfs"]: f"/de/gemeinden/g{c['bfs']}/" for c in map_data()["communes"]}
    _figure, shapes, rows = map_facts(render_map(links=links, highlight="1061"))
    assert {bfs: s["href"] for bfs, s in shapes.items()} == links
    assert {bfs: r["href"] for bfs, r in rows.items()} == links
    # Neither participation nor counts: the names alone, one commune outlined.
    assert shapes[1061]["label"] == "Luzern" and shapes[1061]["current"]
    assert [b for b, s in shapes.items() if s["current"]] == [1061]
    assert {s["class"] for s in shapes.values()} == {"off"}
    # Keys as strings (e.g. from a query string) lead to the same places.
    _figure, same, _rows = map_facts(render_map(links={str(b): u for b, u in links.items()}))
    assert {bfs: s["href"] for bfs, s in same.items()} == links


def test_two_maps_on_a_page_keep_their_ids_apart():
    links = {c["bfs"]: "/" for c in map_data()["communes"]}
    html = render_map(links=links, participating=[1061], map_id="a") + render_map(
        links=links, participating=[1061], map_id="b"
    )
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'fill="url(#b-on)"' in html and 'fill="url(#a-on)"' in html


def test_caption_counts_in_the_singular_and_plural():
    links = {c["bfs"]: "/" for c in map_data()["communes"]}
    assert "1 von 79 Gemeinden nimmt teil" in render_map(links=links, participating=["1061"])
    assert "2 von 79 Gemeinden nehmen teil" in render_map(links=links, participating=[1061, 1024])
