"""Builds the German demo site from the JSON files beside this module.

Every object is looked up by a natural key (a slug under its parent, a name) and only
created when it is missing, so running the builder twice changes nothing.
"""

import datetime
import json
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from modelcluster.fields import ParentalManyToManyField
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.demo.images import get_or_create_illustration
from home.demo.translations import translate_site
from home.models import (
    FeedbackPage,
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


@contextmanager
def search_index_paused():
    """Skip the search index update on every save while building; the builder rebuilds
    the index once at the end, which is much faster than ~1000 single updates."""
    models = [m for m in get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


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
        with transaction.atomic(), search_index_paused():
            self.home = home = self.home_page()
            self.topics = self.build_topics()
            self.person = self.build_person()
            self.settings(home)
            self.standard_pages = standard_pages = self.build_standard_pages(home)
            for extension in self.extensions():
                extension(self, home)
            self.news_index_page = news_index = self.news_index(home)
            self.news(news_index)
            self.feedback = self.feedback_page(home, privacy_page=standard_pages["datenschutz"])
            self.wire_home(home, standard_pages)
            # A new translation starts with the German slug and is then renamed; no
            # visitor ever saw the old URL, so no redirect is needed.
            with override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False):
                translate_site(self)
        if self.created:
            # Saves made after each translation (on commit) leave the translated parents'
            # child counts (treebeard's numchild) at zero, which hides their children from
            # routing; recount them once everything is committed.
            Page.fix_tree()
            call_command("update_index", verbosity=0)
        return self.created

    def extensions(self):
        """Demo builders of other apps, each a callable (builder, home_page)."""
        from strategy.demo.builder import build as build_strategy

        return [build_strategy]

    # -- helpers ----------------------------------------------------------------------

    def child_page(self, parent, model, slug, **fields):
        """Return the published child page with this slug, creating it if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing, False
        # Many-to-many values can only be set once the page has a primary key.
        many_to_many = {
            name: fields.pop(name)
            for name in list(fields)
            if isinstance(model._meta.get_field(name), ParentalManyToManyField)
        }
        tags = fields.pop("tags", None)
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        for name, values in many_to_many.items():
            getattr(page, name).set(values)
        if tags:
            page.tags.add(*tags)
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
        self.footer_text, created = FooterText.objects.get_or_create(
            locale=self.locale,
            defaults={
                "body": "<p>Der Bereich Prozesse und Informatik vertritt die Luzerner "
                "Gemeinden in E-Government und Digitalisierung. Diese Website zeigt "
                "Beispielinhalte.</p>"
            },
        )
        self.created += created

    def build_standard_pages(self, home):
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
                related_projects=[self.projects[s] for s in entry.get("related_projects", [])],
            )
            self.news_pages[entry["slug"]] = (page, entry)

    def feedback_page(self, home, privacy_page):
        data = self.pages["feedback_page"]
        page, _ = self.child_page(
            home,
            FeedbackPage,
            "ideen-und-feedback",
            title=data["title"],
            intro=data["intro"],
            thank_you_text=data["thank_you_text"],
            privacy_page=privacy_page,
            show_in_menus=True,
        )
        return page

    def wire_home(self, home, standard_pages):
        """Link the home page to the pages it features, once, on first build."""
        # Demo sites built before the feedback form existed pointed at "Kontakt".
        move_feedback = home.feedback_page_id in (None, standard_pages["kontakt"].pk)
        if move_feedback:
            home.feedback_page = self.feedback
        if home.contact_person_id is None:
            home.contact_person = self.person
            home.strategy_page = self.strategy_page
            home.strategy_teaser_title = "Digitalstrategie Luzern"
            home.strategy_teaser_text = (
                "Seit 2022 gestalten Kanton und Gemeinden den digitalen Wandel nach der "
                "Digitalstrategie Luzern. Sie löst die E-Government-Strategie von 2010 ab."
            )
            home.featured_items = [HomeFeaturedItem(page=page) for page in self.featured_pages]
            home.save_revision().publish()
        elif move_feedback:
            home.save_revision().publish()
