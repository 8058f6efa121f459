"""Demo news, from news.json, and their translations (translations/<language>.json)."""

import datetime
from pathlib import Path

from home.demo.content import load_json, stream_blocks
from home.demo.images import illustration
from home.demo.translations import fields, load_translations, page_fields, translate_instance
from news.models import NewsIndexPage, NewsPage

DEMO_DIR = Path(__file__).resolve().parent


def build(demo):
    demo.news_index_page, _ = demo.child_page(
        demo.home,
        NewsIndexPage,
        "aktuelles",
        title="Aktuelles",
        show_in_menus=True,
        intro="Neuigkeiten aus E-Government, Digitalisierung, Prozessen und Informatik "
        "der Luzerner Gemeinden.",
    )
    demo.news_pages = build_news(demo, demo.news_index_page)


def build_news(demo, index):
    items = sorted(load_json(DEMO_DIR, "news.json"), key=lambda item: item["date"])
    pages = {}
    for number, entry in enumerate(items):
        pages[entry["slug"]], _ = demo.child_page(
            index,
            NewsPage,
            entry["slug"],
            title=entry["title"],
            date=datetime.date.fromisoformat(entry["date"]),
            teaser=entry["teaser"],
            body=stream_blocks(entry["body"]),
            # Two news in three have a picture, eight pictures in turn.
            lead_image=illustration(entry["title"], number % 8) if number % 3 != 2 else None,
            author=demo.person,
            topics=[demo.topics[slug] for slug in entry.get("topics", [])],
            tags=entry.get("tags", []),
            related_projects=[demo.projects[s] for s in entry.get("related_projects", [])],
        )
    return pages


def translate(demo, locale):
    data = load_translations(DEMO_DIR, locale)
    translate_instance(
        demo.news_index_page, locale, fields(data["news_index"], ["slug", "title", "intro"])
    )


def translate_pages(demo, locale):
    data = load_translations(DEMO_DIR, locale)
    for slug, page in demo.news_pages.items():
        values = data["news"].get(slug)
        if values:
            translate_instance(page, locale, page_fields(values, ["slug", "title", "teaser"]))
