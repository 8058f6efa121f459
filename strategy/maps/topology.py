"""Pure functions that turn a TopoJSON topology into small SVG paths (strategy/maps/build.py).

Shapes that share a border share its arcs; each arc is projected, simplified and rounded
once, and every shape is stitched from those same points, so neighbours stay gap-free.
"""

import math
import struct


def decode_arcs(topology):
    """The arcs as lists of (longitude, latitude): quantized arcs are delta-encoded
    integers, scaled and translated by the topology's transform."""
    transform = topology.get("transform")
    if not transform:
        return [[tuple(point[:2]) for point in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_rest in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def polygons_of(geometry):
    """A Polygon or MultiPolygon geometry as a list of polygons, each a list of rings,
    each a list of arc indexes (negative: the arc ~i, reversed)."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    raise ValueError(f"not an area: {geometry['type']} (id {geometry.get('id')})")


def arc_indexes(geometries):
    """The indexes (never negative) of the arcs the geometries use, sorted."""
    used = set()
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                used.update(index if index >= 0 else ~index for index in ring)
    return sorted(used)


def stitch(ring, arcs):
    """The points of a ring: its arcs joined, reversed where the index is negative, each
    arc's first point dropped after the first arc (it is the previous arc's last)."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def equirectangular(latitude):
    """A projection good enough for a canton: longitudes shrunk by the cosine of its
    latitude, north up (SVG's y grows downwards)."""
    shrink = math.cos(math.radians(latitude))
    return lambda point: (point[0] * shrink, -point[1])


def _distance_to_segment(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length_squared))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _douglas_peucker(points, tolerance):
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = _distance_to_segment(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return keep


def _kept(points, tolerance):
    """Douglas-Peucker's points, and the farthest inner one if it would keep only the
    ends: so that no ring made of two arcs collapses to a line."""
    keep = _douglas_peucker(points, tolerance)
    if len(keep) == 2 and len(points) > 2:
        start, end = points[0], points[-1]
        keep.add(
            max(
                range(1, len(points) - 1),
                key=lambda i: _distance_to_segment(points[i], start, end),
            )
        )
    return keep


def simplify(points, tolerance):
    """Douglas-Peucker on one arc. Its ends always stay (they are where shapes meet); a
    closed arc (a ring on its own) is cut at the point farthest from its start, and each
    half keeps an inner point, so it stays an area."""
    if len(points) <= 2:
        return list(points)
    if points[0] == points[-1]:
        split = max(range(1, len(points) - 1), key=lambda i: math.dist(points[i], points[0]))
        keep = _kept(points[: split + 1], tolerance)
        keep |= {split + i for i in _kept(points[split:], tolerance)}
    else:
        keep = _kept(points, tolerance)
    return [points[i] for i in sorted(keep)]


def prepare_arcs(arcs, indexes, project, tolerance, scale, origin):
    """The arcs of `indexes` projected, simplified and rounded to whole units of the map
    (`scale` units per projected degree, `origin` the projected top left corner)."""
    prepared = {}
    for index in indexes:
        projected = [project(point) for point in arcs[index]]
        rounded = []
        for x, y in simplify(projected, tolerance / scale):
            point = (round((x - origin[0]) * scale), round((y - origin[1]) * scale))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        prepared[index] = rounded
    return prepared


def bounds(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def inside(point, ring):
    """Whether the point lies inside the ring (even-odd rule, by a ray to the right)."""
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def _numbers(values):
    """Numbers in SVG path syntax: a minus sign separates them as well as a space does."""
    text = ""
    for value in values:
        text += str(value) if not text or value < 0 else f" {value}"
    return text


def path_data(polygons, arcs):
    """The SVG path `d` of a shape: per ring an absolute move, relative lines, a close."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = stitch(ring, arcs)
            if len(points) > 1 and points[0] == points[-1]:
                points = points[:-1]
            if len(points) < 3:
                continue
            deltas = []
            for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
                deltas += [x1 - x0, y1 - y0]
            parts.append(f"M{_numbers(points[0])}l{_numbers(deltas)}z")
    return "".join(parts)


def dbf_numbers(data):
    """The numeric columns of a dBase III table (a shapefile's .dbf) as a list of dicts;
    other columns and deleted records are left out."""
    count, header_length, record_length = struct.unpack("<IHH", data[4:12])
    fields, offset, position = [], 1, 32
    while data[position] != 0x0D:
        descriptor = data[position : position + 32]
        name = descriptor[:11].split(b"\0")[0].decode("ascii")
        kind, length = chr(descriptor[11]), descriptor[16]
        if kind == "N" and length:
            fields.append((name, offset, length))
        offset += length
        position += 32
    records = []
    for number in range(count):
        start = header_length + number * record_length
        record = data[start : start + record_length]
        if record[:1] == b"*":
            continue
        records.append({name: int(record[at : at + size]) for name, at, size in fields})
    return records
