"""home's demo content: the home page, topics, the contact person, site settings, the
standard pages and the feedback page, from the JSON files beside this module."""

from pathlib import Path

from wagtail.models import Page, Site

from home.demo.content import load_json, stream_blocks
from home.demo.translations import fields, load_translations, page_fields, translate_instance
from home.models import (
    AccessibilityStatementPage,
    Commune,
    Feedback,
    FeedbackPage,
    FooterText,
    HomeFeaturedItem,
    HomePage,
    IdeasPage,
    Person,
    SiteSettings,
    StandardPage,
    Topic,
)

DEMO_DIR = Path(__file__).resolve().parent

HOME_FIELDS = [
    "title",
    "hero_title",
    "intro",
    "feedback_call",
    "strategy_teaser_title",
    "strategy_teaser_text",
]


def build(demo):
    demo.pages = load_json(DEMO_DIR, "pages.json")
    demo.home = home_page(demo)
    demo.topics = build_topics(demo)
    demo.person = build_person(demo)
    build_settings(demo)
    demo.standard_pages = build_standard_pages(demo)


def finish(demo):
    """The feedback page (last in the menu) and the home page's links to the pages of
    every app, once all apps have built theirs."""
    demo.feedback = feedback_page(demo, privacy_page=demo.standard_pages["datenschutz"])
    demo.ideas = ideas_page(demo)
    demo.accessibility_statement = accessibility_statement(demo)
    wire_home(demo)


def translate(demo, locale):
    data = load_translations(DEMO_DIR, locale)
    for slug, topic in demo.topics.items():
        if slug in data["topics"]:
            translate_instance(topic, locale, fields(data["topics"][slug], ["name", "description"]))
    translate_instance(demo.person, locale, fields(data["person"], ["role", "organisation"]))
    translate_instance(demo.footer_text, locale, fields({"body": data["footer"]}, ["body"]))
    translate_instance(demo.home, locale, fields(data["home"], HOME_FIELDS))
    for slug, page in demo.standard_pages.items():
        values = data["standard_pages"].get(slug)
        if values:
            translate_instance(page, locale, page_fields(values, ["slug", "title", "intro"]))


def translate_pages(demo, locale):
    data = load_translations(DEMO_DIR, locale)
    translate_instance(
        demo.feedback,
        locale,
        fields(data["feedback_page"], ["slug", "title", "intro", "thank_you_text"]),
    )
    translate_instance(demo.ideas, locale, fields(data["ideas_page"], ["slug", "title", "intro"]))
    statement = data["accessibility_statement"]
    translate_instance(
        demo.accessibility_statement,
        locale,
        with_limitations(
            page_fields(statement, ["slug", "title", "intro"]), statement["limitations"]
        ),
    )


def home_page(demo):
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    data = demo.pages["home"]
    # Wagtail's placeholder "Welcome" page holds the slug "home"; it has no content.
    Page.objects.child_of(root).filter(slug="home", content_type__model="page").delete()
    home = HomePage(
        title=data["title"],
        slug="home",
        hero_title=data["hero_title"],
        intro=data["intro"],
        feedback_call=data["feedback_call"],
        locale=demo.locale,
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    demo.count(True)
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = data["title"]
    site.save()
    demo.log(f"  + Startseite: {home.title}")
    return home


def build_topics(demo):
    topics = {}
    for entry in load_json(DEMO_DIR, "topics.json"):
        topic, created = Topic.objects.get_or_create(
            slug=entry["slug"],
            locale=demo.locale,
            defaults={"name": entry["name"], "description": entry.get("description", "")},
        )
        demo.count(created)
        topics[entry["slug"]] = topic
    return topics


def build_person(demo):
    data = demo.pages["person"]
    person, created = Person.objects.get_or_create(
        name=data["name"],
        locale=demo.locale,
        defaults={k: data[k] for k in ("role", "organisation", "email", "phone")},
    )
    demo.count(created)
    return person


def build_settings(demo):
    site = Site.objects.get(root_page=demo.home)
    site_settings = SiteSettings.for_site(site)
    person = demo.pages["person"]
    if not site_settings.address:
        site_settings.address = (
            "Verband Luzerner Gemeinden\nBereich Prozesse und Informatik\n"
            "Musterstrasse 1\n6000 Luzern (Beispieladresse)"
        )
        site_settings.email = person["email"]
        site_settings.department_email = person["email"]
        site_settings.phone = person["phone"]
        site_settings.save()
        demo.count(True)
    demo.footer_text, created = FooterText.objects.get_or_create(
        locale=demo.locale,
        defaults={
            "body": "<p>Der Bereich Prozesse und Informatik vertritt die Luzerner "
            "Gemeinden in E-Government und Digitalisierung. Diese Website zeigt "
            "Beispielinhalte.</p>"
        },
    )
    demo.count(created)


def build_standard_pages(demo):
    pages = {}
    for entry in demo.pages["standard_pages"]:
        page, _ = demo.child_page(
            demo.home,
            StandardPage,
            entry["slug"],
            title=entry["title"],
            intro=entry.get("intro", ""),
            body=stream_blocks(entry["body"]),
            show_in_menus=entry["slug"] == "ueber-uns",
        )
        pages[entry["slug"]] = page
    return pages


def feedback_page(demo, privacy_page):
    data = demo.pages["feedback_page"]
    page, _ = demo.child_page(
        demo.home,
        FeedbackPage,
        "ideen-und-feedback",
        title=data["title"],
        intro=data["intro"],
        thank_you_text=data["thank_you_text"],
        privacy_page=privacy_page,
        show_in_menus=True,
    )
    return page


def ideas_page(demo):
    """«Ideen und Antworten» with two published demo ideas, each taken up in a project."""
    data = demo.pages["ideas_page"]
    page, _ = demo.child_page(
        demo.home, IdeasPage, "ideen-und-antworten", title=data["title"], intro=data["intro"]
    )
    for idea in data["ideas"]:
        published_idea(demo, idea)
    return page


def accessibility_statement(demo):
    """The accessibility statement: the editors' part (status, known limitations, contact);
    the facts of the checks come from the site itself (home/accessibility.py)."""
    data = demo.pages["accessibility_statement"]
    page, _ = demo.child_page(
        demo.home,
        AccessibilityStatementPage,
        data["slug"],
        title=data["title"],
        intro=data["intro"],
        conformance_status=data["conformance_status"],
        limitations=[{"type": "limitation", "value": item} for item in data["limitations"]],
        body=stream_blocks(data["body"]),
    )
    return page


def with_limitations(apply_page, limitations):
    """Also translate the known limitations, block by block (keeping the block ids)."""

    def apply(twin):
        apply_page(twin)
        raw = list(twin.limitations.raw_data)
        if len(raw) == len(limitations):
            twin.limitations = [
                {**block, "value": item} for block, item in zip(raw, limitations, strict=True)
            ]

    return apply


def published_idea(demo, idea):
    """A submission (sender "Demo", no mails) that the department answered and published."""
    if Feedback.objects.filter(submission_token=idea["token"]).exists():
        return
    feedback = Feedback.objects.create(
        submission_token=idea["token"],
        page=demo.feedback,
        category=idea["category"],
        subject=idea["subject"],
        message=idea["public_text"],
        commune=Commune.objects.get(name=idea["commune"]),
        name="Demo",
        email="demo@example.ch",
        consent=True,
        publication_consent=True,
        show_commune=idea["show_commune"],
        status_mails=False,
    )
    feedback.assign_reference()
    feedback.status = idea["status"]
    feedback.public_subject = idea["public_subject"]
    feedback.public_text = idea["public_text"]
    feedback.public_answer = idea["public_answer"]
    feedback.outcome_page = Page.objects.filter(slug=idea["project"], locale=demo.locale).first()
    feedback.published = True
    feedback.save()
    feedback.topics.set([demo.topics[slug] for slug in idea["topics"]])


def wire_home(demo):
    """Link the home page to the pages it features, once, on first build."""
    home = demo.home
    # Demo sites built before the feedback form existed pointed at "Kontakt".
    move_feedback = home.feedback_page_id in (None, demo.standard_pages["kontakt"].pk)
    if move_feedback:
        home.feedback_page = demo.feedback
    if home.contact_person_id is None:
        home.contact_person = demo.person
        home.strategy_page = demo.strategy_page
        home.strategy_teaser_title = "Digitalstrategie Luzern"
        home.strategy_teaser_text = (
            "Seit 2022 gestalten Kanton und Gemeinden den digitalen Wandel nach der "
            "Digitalstrategie Luzern. Sie löst die E-Government-Strategie von 2010 ab."
        )
        home.featured_items = [HomeFeaturedItem(page=page) for page in demo.featured_pages]
        home.save_revision().publish()
    elif move_feedback:
        home.save_revision().publish()
