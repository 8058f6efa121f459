"""What changed between a strategy document and one it replaced: the focus areas carried
over, added and dropped, each with its projects.

Pure: it works on what the page has loaded (StrategyPage.focus_areas_and_lineage), so it
adds no query per focus area and is tested without a database.

A focus area of the newer document carries over one of the older document when
1. the editor linked it to that one («Führt Schwerpunkt fort», FocusArea.continues), also
   under a new title, or else
2. both are versions of one focus area (the same translation key, e.g. a document copied
   with its focus areas).
Titles are not compared: they differ by language (a predecessor not yet translated shows
its German titles), so a title match could call an area carried over in one language and
dropped in another; and two documents may use one title for different things. Where a
focus area lives on under the same name, the editor's link says so once for every language.
"""

from dataclasses import dataclass, field

from home.text import collation_key


def normalised(title):
    """A title as a reader compares it: case, accents and spacing ignored."""
    return " ".join(collation_key(title).split())


@dataclass(frozen=True)
class LineageEntry:
    """A focus area in the comparison with its projects; `previous` is the focus area of
    the older document that a carried-over area continues."""

    area: object
    projects: list
    previous: object = None

    @property
    def renamed(self):
        return self.previous is not None and normalised(self.previous.title) != normalised(
            self.area.title
        )


@dataclass(frozen=True)
class Lineage:
    """The comparison of a document with one predecessor, each list in its document's order
    of focus areas (dropped: the predecessor's)."""

    predecessor: object
    carried: list = field(default_factory=list)
    added: list = field(default_factory=list)
    dropped: list = field(default_factory=list)


def _merged(*project_lists):
    """Projects of one or more focus areas, each once, by title as readers sort it."""
    unique = {}
    for projects in project_lists:
        for project in projects:
            unique.setdefault(project.pk, project)
    return sorted(unique.values(), key=lambda project: collation_key(project.title))


def compare_focus_areas(predecessor, previous_areas, current_areas, projects, links):
    """The Lineage of a document's current_areas against previous_areas, those of
    predecessor.

    Focus areas are objects with `translation_key` and `title`; projects maps a focus
    area's translation key to its visible projects; links maps the translation key of a
    current area to that of the focus area it continues (the editor's link)."""
    previous_by_key = {area.translation_key: area for area in previous_areas}
    continued = {}  # translation key of a current area -> the previous area it continues
    taken = set()

    def match(area, key):
        if area.translation_key not in continued and key in previous_by_key and key not in taken:
            continued[area.translation_key] = previous_by_key[key]
            taken.add(key)

    for area in current_areas:  # the editor's links first: they are explicit
        match(area, links.get(area.translation_key))
    for area in current_areas:
        match(area, area.translation_key)

    carried, added = [], []
    for area in current_areas:
        previous = continued.get(area.translation_key)
        if previous is None:
            added.append(LineageEntry(area, _merged(projects.get(area.translation_key, []))))
        else:
            both = _merged(
                projects.get(previous.translation_key, []), projects.get(area.translation_key, [])
            )
            carried.append(LineageEntry(area, both, previous))
    dropped = [
        LineageEntry(area, _merged(projects.get(area.translation_key, [])))
        for area in previous_areas
        if area.translation_key not in taken
    ]
    return Lineage(predecessor, carried, added, dropped)
