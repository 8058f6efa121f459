"""Builds strategy/maps/lucerne_communes.json, the commune shapes of the canton map.

    python -m strategy.maps.build        (or: make commune-map)

Fetches the npm package swiss-maps (pinned version and checksum) with `npm pack`, reads its
2026 TopoJSON and the canton numbers of its municipalities table, checks that the canton's
communes are exactly those of home/data/lucerne_communes.json (the site's reference data,
whose names the map takes: the package has none), and writes simplified SVG paths. Plain
Python without Django: nothing here needs the database. The same package gives the same
file, byte for byte.
"""

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .topology import (
    arc_indexes,
    bounds,
    dbf_numbers,
    decode_arcs,
    equirectangular,
    inside,
    path_data,
    polygons_of,
    prepare_arcs,
    stitch,
)

PACKAGE = "swiss-maps"
VERSION = "4.7.0"
# The registry's checksum of the tarball: another file under the same name stops the build.
INTEGRITY = (
    "sha512-"
    "MRX9u8rm6xHmBjAleGvmz2TqzIxrgflO4q7WIZP3mDv11V8j/L3AdbIJsurrKqUIR0FlUEncUIWNDMF2Djg/eg=="
)
TOPOLOGY_FILE = "package/2026/ch-combined.json"
MUNICIPALITIES_TABLE = "package/2026/municipalities.dbf"
CANTON = 3  # Lucerne's number among the cantons (KTNR)

ROOT = Path(__file__).resolve().parents[2]
COMMUNES_FILE = ROOT / "home" / "data" / "lucerne_communes.json"
OUTPUT = Path(__file__).resolve().parent / "lucerne_communes.json"

WIDTH = 600  # map units across the canton; one unit is about 75 m
MARGIN = 4  # units around the canton, so that its border stroke is not cut
TOLERANCE = 0.5  # Douglas-Peucker tolerance in map units

LICENCE = (
    "swiss-maps: BSD-3-Clause, Copyright (c) 2014 – present, Interactive Things GmbH. "
    "Geodata: Bundesamt für Statistik (BFS), GEOSTAT, generalised boundaries "
    "(swisstopo base); the source must be named."
)


class MapDataError(Exception):
    """The package does not hold what the map needs; the message says what differs."""


def fetch_package(folder):
    """`npm pack` the pinned version into `folder`; returns the tarball's path."""
    result = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = Path(folder) / result.stdout.strip().splitlines()[-1]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != INTEGRITY:
        raise MapDataError(f"{tarball.name}: checksum sha512-{digest}, expected {INTEGRITY}")
    return tarball


def read_package(tarball):
    """(topology, municipalities table rows) from the package tarball."""
    with tarfile.open(tarball) as archive:
        topology = json.load(archive.extractfile(TOPOLOGY_FILE))
        table = dbf_numbers(archive.extractfile(MUNICIPALITIES_TABLE).read())
    return topology, table


def check_communes(expected, topology, table):
    """The canton's municipalities in the package must be exactly the expected BFS numbers,
    each with a shape; raises MapDataError naming the differences."""
    in_canton = {row["id"] for row in table if row["KTNR"] == CANTON}
    shapes = {int(g["id"]) for g in topology["objects"]["municipalities"]["geometries"]}
    problems = []
    if missing := sorted(set(expected) - in_canton):
        problems.append(f"not in the package's canton {CANTON}: {missing}")
    if extra := sorted(in_canton - set(expected)):
        problems.append(f"in the package but not in {COMMUNES_FILE.name}: {extra}")
    if shapeless := sorted(set(expected) - shapes):
        problems.append(f"without a shape: {shapeless}")
    if problems:
        raise MapDataError("; ".join(problems))


def build_map(topology, communes, canton_id=CANTON):
    """The map data: `communes` is {BFS number: name}; the canton's outline, and the lakes
    that reach into it (a point of their shore inside; the map clips them to the canton)."""
    municipalities = {
        int(g["id"]): g
        for g in topology["objects"]["municipalities"]["geometries"]
        if int(g["id"]) in communes
    }
    canton = next(g for g in topology["objects"]["cantons"]["geometries"] if g["id"] == canton_id)
    arcs = decode_arcs(topology)
    outline = [stitch(ring, arcs) for polygon in polygons_of(canton) for ring in polygon]
    latitudes = [lat for ring in outline for _lon, lat in ring]
    project = equirectangular((min(latitudes) + max(latitudes)) / 2)
    left, top, right, bottom = bounds([project(p) for ring in outline for p in ring])
    scale = (WIDTH - 2 * MARGIN) / (right - left)
    origin = (left - MARGIN / scale, top - MARGIN / scale)
    height = round((bottom - top) * scale) + 2 * MARGIN

    lakes = [
        lake
        for lake in topology["objects"].get("lakes", {}).get("geometries", [])
        if any(
            inside(point, ring)
            for polygon in polygons_of(lake)
            for point in stitch(polygon[0], arcs)
            for ring in outline
        )
    ]

    prepared = prepare_arcs(
        arcs,
        arc_indexes([*municipalities.values(), canton, *lakes]),
        project,
        TOLERANCE,
        scale,
        origin,
    )
    return {
        "source": f"npm package {PACKAGE}@{VERSION} ({INTEGRITY}), file "
        f"{TOPOLOGY_FILE.removeprefix('package/')}; canton numbers from "
        f"{MUNICIPALITIES_TABLE.removeprefix('package/')}; names from "
        "home/data/lucerne_communes.json",
        "version": VERSION,
        "licence": LICENCE,
        "generated": f"python -m strategy.maps.build: equirectangular projection, "
        f"Douglas-Peucker on the shared arcs (tolerance {TOLERANCE} units), whole units",
        "viewBox": f"0 0 {WIDTH} {height}",
        "canton": path_data(polygons_of(canton), prepared),
        "lakes": [
            {"id": int(lake["id"]), "d": path_data(polygons_of(lake), prepared)}
            for lake in sorted(lakes, key=lambda g: int(g["id"]))
        ],
        "communes": [
            {"bfs": bfs, "name": communes[bfs], "d": path_data(polygons_of(shape), prepared)}
            for bfs, shape in sorted(municipalities.items())
        ],
    }


def serialize(data):
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main():
    reference = json.loads(COMMUNES_FILE.read_text(encoding="utf-8"))["communes"]
    communes = {row["bfs"]: row["name"] for row in reference}
    with tempfile.TemporaryDirectory() as folder:
        topology, table = read_package(fetch_package(folder))
    check_communes(communes, topology, table)
    text = serialize(build_map(topology, communes))
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(communes)} communes, {len(text.encode())} bytes")


if __name__ == "__main__":
    try:
        main()
    except MapDataError as error:
        sys.exit(f"The canton map was not built: {error}")
