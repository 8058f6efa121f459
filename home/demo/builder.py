"""Builds the German demo site from the JSON files beside this module.

Every object is looked up by a natural key (a slug under its parent, a name) and only
created when it is missing, so running the builder twice changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.demo.images import get_or_create_illustration
from home.models import (
    FooterText,
    HomeFeaturedItem,
    HomePage,
    Person,
    SiteSettings,
    StandardPage,
    Topic,
)

DEMO_DIR = Path(__file__).resolve().parent


def load_json(name, directory=DEMO_DIR):
    with (directory / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def stream_blocks(blocks):
    """Turn the demo files' simple block list into StreamField data."""
    data = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            data.append({"type": "paragraph", "value": block["html"]})
        elif kind == "heading":
            data.append(
                {
                    "type": "heading",
                    "value": {"text": block["text"], "level": block.get("level", "h2")},
                }
            )
        elif kind == "quote":
            data.append(
                {
                    "type": "quote",
                    "value": {"text": block["text"], "attribution": block.get("attribution", "")},
                }
            )
        elif kind == "table":
            data.append(
                {
                    "type": "table",
                    "value": {
                        "caption": block["caption"],
                        "table": {
                            "data": [block["header"], *block["rows"]],
                            "first_row_is_table_header": True,
                            "first_col_is_header": False,
                            "table_header_choice": "row",
                        },
                    },
                }
            )
        else:
            raise ValueError(f"Unknown demo block type: {kind}")
    return data


class DemoBuilder:
    def __init__(self, log=print):
        self.log = log
        self.created = 0
        self.locale = Locale.get_default()
        self.pages = load_json("pages.json")

    def build(self):
        with transaction.atomic():
            home = self.home_page()
            self.topics = self.build_topics()
            self.person = self.build_person()
            self.settings(home)
            standard_pages = self.standard_pages(home)
            news_index = self.news_index(home)
            self.news(news_index)
            for extension in self.extensions():
                extension(self, home)
            self.wire_home(home, standard_pages)
        return self.created

    def extensions(self):
        """Demo builders of other apps, each a callable (builder, home_page)."""
        return []

    # -- helpers ----------------------------------------------------------------------

    def child_page(self, parent, model, slug, **fields):
        """Return the published child page with this slug, creating it if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing, False
        relations = {k: fields.pop(k) for k in ("topics", "tags") if k in fields}
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        if "topics" in relations:
            page.topics.set(relations["topics"])
        if "tags" in relations:
            page.tags.add(*relations["tags"])
        page.save_revision().publish()
        self.created += 1
        self.log(f"  + {model._meta.verbose_name}: {page.title}")
        return page, True

    def illustration(self, title, seed):
        return get_or_create_illustration(
            get_image_model(),
            title=f"Illustration {seed + 1}",
            description=title,
            seed=seed,
        )

    # -- the parts of the site --------------------------------------------------------

    def home_page(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        root = Page.get_first_root_node()
        data = self.pages["home"]
        # Wagtail's placeholder "Welcome" page holds the slug "home"; it has no content.
        Page.objects.child_of(root).filter(slug="home", content_type__model="page").delete()
        home = HomePage(
            title=data["title"],
            slug="home",
            hero_title=data["hero_title"],
            intro=data["intro"],
            feedback_call=data["feedback_call"],
            locale=self.locale,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        self.created += 1
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = data["title"]
        site.save()
        self.log(f"  + Startseite: {home.title}")
        return home

    def build_topics(self):
        topics = {}
        for entry in load_json("topics.json"):
            topic, created = Topic.objects.get_or_create(
                slug=entry["slug"],
                locale=self.locale,
                defaults={"name": entry["name"], "description": entry.get("description", "")},
            )
            self.created += created
            topics[entry["slug"]] = topic
        return topics

    def build_person(self):
        data = self.pages["person"]
        person, created = Person.objects.get_or_create(
            name=data["name"],
            locale=self.locale,
            defaults={k: data[k] for k in ("role", "organisation", "email", "phone")},
        )
        self.created += created
        return person

    def settings(self, home):
        site = Site.objects.get(root_page=home)
        site_settings = SiteSettings.for_site(site)
        if not site_settings.address:
            site_settings.address = (
                "Verband Luzerner Gemeinden\nBereich Prozesse und Informatik\n"
                "Musterstrasse 1\n6000 Luzern (Beispieladresse)"
            )
            site_settings.email = self.pages["person"]["email"]
            site_settings.department_email = self.pages["person"]["email"]
            site_settings.phone = self.pages["person"]["phone"]
            site_settings.save()
            self.created += 1
        _, created = FooterText.objects.get_or_create(
            locale=self.locale,
            defaults={
                "body": "<p>Der Bereich Prozesse und Informatik vertritt die Luzerner "
                "Gemeinden in E-Government und Digitalisierung. Diese Website zeigt "
                "Beispielinhalte.</p>"
            },
        )
        self.created += created

    def standard_pages(self, home):
        pages = {}
        for entry in self.pages["standard_pages"]:
            page, _ = self.child_page(
                home,
                StandardPage,
                entry["slug"],
                title=entry["title"],
                intro=entry.get("intro", ""),
                body=stream_blocks(entry["body"]),
                show_in_menus=entry["slug"] == "ueber-uns",
            )
            pages[entry["slug"]] = page
        return pages

    def news_index(self, home):
        from news.models import NewsIndexPage

        page, _ = self.child_page(
            home,
            NewsIndexPage,
            "aktuelles",
            title="Aktuelles",
            show_in_menus=True,
            intro="Neuigkeiten aus E-Government, Digitalisierung, Prozessen und Informatik "
            "der Luzerner Gemeinden.",
        )
        return page

    def news(self, news_index):
        from news.models import NewsPage

        items = sorted(load_json("news.json"), key=lambda item: item["date"])
        self.news_pages = {}
        for number, entry in enumerate(items):
            page, _ = self.child_page(
                news_index,
                NewsPage,
                entry["slug"],
                title=entry["title"],
                date=datetime.date.fromisoformat(entry["date"]),
                teaser=entry["teaser"],
                body=stream_blocks(entry["body"]),
                lead_image=self.illustration(entry["title"], number % 8)
                if number % 3 != 2
                else None,
                author=self.person,
                topics=[self.topics[slug] for slug in entry.get("topics", [])],
                tags=entry.get("tags", []),
            )
            self.news_pages[entry["slug"]] = (page, entry)

    def wire_home(self, home, standard_pages):
        """Link the home page to the pages it features, once, on first build."""
        if home.contact_person_id is None:
            home.contact_person = self.person
            home.feedback_page = standard_pages.get("kontakt")
            home.save_revision().publish()
        if not home.featured_items.exists():
            for page in getattr(self, "featured_pages", []):
                HomeFeaturedItem.objects.create(home_page=home, page=page)
