"""Demo strategy documents and projects, from strategies.json and projects.json."""

import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model

from home.demo.builder import load_json, stream_blocks
from home.models import Commune
from strategy.models import (
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


def build(builder, home):
    strategy_index, _ = builder.child_page(
        home,
        StrategyIndexPage,
        "strategie",
        title="Strategie",
        show_in_menus=True,
        intro="Die Strategien, nach denen Kanton und Gemeinden E-Government und "
        "Digitalisierung in Luzern gemeinsam gestalten – von der E-Government-Strategie "
        "2010 bis zur Digitalstrategie Luzern.",
    )
    builder.strategy_index = strategy_index
    builder.strategies = strategies = build_strategies(builder, strategy_index)
    project_index, _ = builder.child_page(
        home,
        ProjectIndexPage,
        "projekte",
        title="Projekte",
        show_in_menus=True,
        intro="Der Katalog der E-Government-Vorhaben von Kanton und Luzerner Gemeinden: "
        "Stand, Federführung, beteiligte Gemeinden und Meilensteine.",
    )
    builder.project_index = project_index
    builder.projects = build_projects(builder, project_index, strategies)
    builder.featured_pages = [builder.projects[slug] for slug in FEATURED_PROJECTS]
    builder.strategy_page = strategies.get("digitalstrategie-luzern")


def build_strategies(builder, index):
    entries = load_json("strategies.json", DEMO_DIR)
    pages = {}
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
            pages[entry["slug"]], _ = builder.child_page(
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
                contact_person=builder.person,
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
    return pages


def build_projects(builder, index, strategies):
    communes = {c.name: c for c in Commune.objects.all()}
    pages = {}
    for entry in load_json("projects.json", DEMO_DIR):
        strategy = strategies[entry["strategy"]]
        focus_area = strategy.focus_areas.get(slug=entry["focus_area"])
        chosen = (
            communes.values()
            if entry["communes"] == "all"
            else [communes[name] for name in entry["communes"]]
        )
        page, _ = builder.child_page(
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
            contact_person=builder.person,
            topics=[builder.topics[slug] for slug in entry["topics"]],
            participating_communes=list(chosen),
            milestones=[
                Milestone(date=_date(m["date"]), title=m["title"], done=m["done"])
                for m in entry["milestones"]
            ],
        )
        pages[entry["slug"]] = page
    return pages
