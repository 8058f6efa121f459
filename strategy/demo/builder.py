"""Demo strategy documents and projects, from strategies.json and projects.json, and
their translations (translations/<language>.json)."""

import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model

from home.demo.content import load_json, stream_blocks
from home.demo.translations import (
    fields,
    load_translations,
    page_fields,
    translate_instance,
    with_children,
)
from home.models import Commune
from strategy.models import (
    CommuneIndexPage,
    FocusArea,
    Milestone,
    ProjectIndexPage,
    ProjectPage,
    StrategyDocument,
    StrategyIndexPage,
    StrategyPage,
)

DEMO_DIR = Path(__file__).resolve().parent

# Projects featured on the demo home page.
FEATURED_PROJECTS = ["einwohnerportal-my-lu-ch", "eumzug-luzern", "programm-digitale-gemeinde"]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def example_pdf(title):
    """A one-page PDF that says it is an example document (no binaries in the repo)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text((120, 160), title, fill="black")
    draw.text(
        (120, 220), "Beispieldokument der Demo-Website - kein amtliches Dokument.", fill="black"
    )
    buffer = io.BytesIO()
    page.save(buffer, format="PDF")
    return buffer.getvalue()


def example_document(title):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        data = example_pdf(title)
        document = Document(title=title, file_size=len(data))
        document.file.save(f"{title[:60]}.pdf", ContentFile(data), save=False)
        document.save()
    return document


def build(demo):
    strategy_index, _ = demo.child_page(
        demo.home,
        StrategyIndexPage,
        "strategie",
        title="Strategie",
        show_in_menus=True,
        intro="Die Strategien, nach denen Kanton und Gemeinden E-Government und "
        "Digitalisierung in Luzern gemeinsam gestalten – von der E-Government-Strategie "
        "2010 bis zur Digitalstrategie Luzern.",
    )
    demo.strategy_index = strategy_index
    demo.strategies = strategies = build_strategies(demo, strategy_index)
    project_index, _ = demo.child_page(
        demo.home,
        ProjectIndexPage,
        "projekte",
        title="Projekte",
        show_in_menus=True,
        intro="Der Katalog der E-Government-Vorhaben von Kanton und Luzerner Gemeinden: "
        "Stand, Federführung, beteiligte Gemeinden und Meilensteine.",
    )
    demo.project_index = project_index
    demo.projects = build_projects(demo, project_index, strategies)
    demo.featured_pages = [demo.projects[slug] for slug in FEATURED_PROJECTS]
    demo.strategy_page = strategies.get("digitalstrategie-luzern")
    # The commune pages are generated from the commune snippets below this index.
    demo.commune_index, _ = demo.child_page(
        demo.home,
        CommuneIndexPage,
        "gemeinden",
        title="Gemeinden",
        intro="Die 79 Luzerner Gemeinden und die E-Government-Projekte, an denen sie "
        "beteiligt sind: je Gemeinde eine Seite mit ihren Projekten, den nächsten "
        "Meilensteinen und den News dazu.",
    )


def translate(demo, locale):
    data = load_translations(DEMO_DIR, locale)
    indexes = {
        "strategy_index": demo.strategy_index,
        "project_index": demo.project_index,
        "commune_index": demo.commune_index,
    }
    for key, page in indexes.items():
        translate_instance(page, locale, fields(data[key], ["slug", "title", "intro"]))


def translate_pages(demo, locale):
    data = load_translations(DEMO_DIR, locale)
    for slug, page in demo.strategies.items():
        values = data["strategies"].get(slug)
        if values:
            translate_instance(
                page,
                locale,
                with_children(
                    page_fields(values, ["slug", "title", "summary"]),
                    "focus_areas",
                    values.get("focus_areas", []),
                    ["title", "description"],
                ),
            )
    for slug, page in demo.projects.items():
        values = data["projects"].get(slug)
        if values:
            translate_instance(
                page,
                locale,
                with_children(
                    page_fields(values, ["slug", "title", "teaser", "partners", "budget_source"]),
                    "milestones",
                    values.get("milestones", []),
                    ["title"],
                ),
            )


def build_strategies(demo, index):
    entries = load_json(DEMO_DIR, "strategies.json")
    pages, created = {}, set()
    # A superseded document names its successor, so successors are created first.
    while len(pages) < len(entries):
        ready = [
            e
            for e in entries
            if e["slug"] not in pages and (not e["superseded_by"] or e["superseded_by"] in pages)
        ]
        if not ready:
            raise ValueError("strategies.json: superseded_by forms a cycle")
        for entry in ready:
            pages[entry["slug"]], new = demo.child_page(
                index,
                StrategyPage,
                entry["slug"],
                title=entry["title"],
                kind=entry["kind"],
                status=entry["status"],
                adopted_on=_date(entry["adopted_on"]),
                valid_from=_date(entry["valid_from"]),
                valid_to=_date(entry["valid_to"]),
                superseded_by=pages.get(entry["superseded_by"]),
                summary=entry["summary"],
                body=stream_blocks(entry["body"]),
                contact_person=demo.person,
                focus_areas=[
                    FocusArea(title=a["title"], slug=a["slug"], description=a["description"])
                    for a in entry["focus_areas"]
                ],
                documents=[
                    StrategyDocument(
                        document=example_document(f"{entry['title']} (Beispieldokument)")
                    )
                ],
            )
            if new:
                created.add(entry["slug"])
    link_continued_focus_areas(entries, pages, created)
    return pages


def link_continued_focus_areas(entries, pages, created):
    """The editor's link «Führt Schwerpunkt fort» (FocusArea.continues), set once the
    predecessors exist, on the documents created in this run."""
    for entry in entries:
        links = {a["slug"]: a["continues"] for a in entry["focus_areas"] if a.get("continues")}
        if entry["slug"] not in created or not links:
            continue
        page = pages[entry["slug"]].get_latest_revision_as_object()
        for area in page.focus_areas.all():
            if area.slug in links:
                target = links[area.slug]
                area.continues = pages[target["strategy"]].focus_areas.get(
                    slug=target["focus_area"]
                )
        page.save_revision().publish()


def budget_fields(budget):
    """Only figures that the project's sources give, with where they come from."""
    if not budget:
        return {}
    return {f"budget_{key}": value for key, value in budget.items() if key != "source"} | {
        "budget_source": budget["source"]
    }


def build_projects(demo, index, strategies):
    communes = {c.name: c for c in Commune.objects.all()}
    pages = {}
    for entry in load_json(DEMO_DIR, "projects.json"):
        strategy = strategies[entry["strategy"]]
        focus_area = strategy.focus_areas.get(slug=entry["focus_area"])
        chosen = (
            communes.values()
            if entry["communes"] == "all"
            else [communes[name] for name in entry["communes"]]
        )
        page, _ = demo.child_page(
            index,
            ProjectPage,
            entry["slug"],
            title=entry["title"],
            teaser=entry["teaser"],
            status=entry["status"],
            lead=entry["lead"],
            partners="\n".join(entry["partners"]),
            level_bund="bund" in entry["levels"],
            level_kanton="kanton" in entry["levels"],
            level_gemeinde="gemeinde" in entry["levels"],
            focus_area=focus_area,
            start_date=_date(entry["start"]),
            planned_end=_date(entry["planned_end"]),
            service_url=entry["service_url"] or "",
            body=stream_blocks(entry["body"]),
            contact_person=demo.person,
            topics=[demo.topics[slug] for slug in entry["topics"]],
            participating_communes=list(chosen),
            milestones=[
                Milestone(
                    planned_date=_date(m["planned"]),
                    actual_date=_date(m["reached"]),
                    title=m["title"],
                )
                for m in entry["milestones"]
            ],
            **budget_fields(entry.get("budget")),
        )
        pages[entry["slug"]] = page
    return pages
