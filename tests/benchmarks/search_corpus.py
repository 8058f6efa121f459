"""The search benchmark's pages (tests/benchmarks/search.py): a corpus of news, projects
and standard pages whose texts a generator writes, the "broad" generator (the old
corpus of tests/benchmarks/corpus.py, every query word on most pages) and its queries."""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage, Topic
from news.models import NewsIndexPage, NewsPage
from strategy.models import ProjectIndexPage, ProjectPage, ProjectStatus
from tests.benchmarks.bulk_pages import BulkPageWriter
from tests.benchmarks.corpus import OBJECTS, no_automatic_indexing, sentence, text

BROAD_QUERIES = [
    "Gemeinde",
    "Gemeinden",
    "Steuererklärung",
    "Steuererklaerung",
    "elektronischer Umzug",
    "Digitalisierung der Verwaltung",
    "Baubewilligung",
    "Einwohnerkontrolle",
    "Datenschutz",
    "Informationssicherheit Gemeinden",
    "Schnittstellen",
    "Gebühren",
    "Ämter",
    "Onlineschalter",
    "Gemeindeversammlung",
    "Abfallkalender",
    "E-ID",
    "Grundbuch",
    "Sozialhilfe Kanton",
    "Projekt Strategie Umsetzung",
]


class BroadText:
    """The old corpus's text (tests/benchmarks/corpus.py): every page speaks of the same
    few subjects."""

    def __init__(self, rng):
        self.rng = rng

    def sentence(self):
        return sentence(self.rng)

    def text(self, sentences):
        return text(self.rng, sentences)

    def title(self):
        return self.rng.choice(OBJECTS).split(" ", 1)[1].capitalize()


def build_corpus(pages, generator, rng):
    """Replace every page by `pages` pages (60 % news, 20 % projects, 20 % standard
    pages) whose texts `generator` writes, in bulk (tests/benchmarks/bulk_pages.py) and
    not indexed: the benchmark measures the index build on its own."""

    def paragraphs(*texts):
        return [("paragraph", RichText(f"<p>{t}</p>")) for t in texts]

    german = Locale.objects.get_or_create(language_code="de")[0]
    root = Page.get_first_root_node()
    published = timezone.now()
    common = {"first_published_at": published, "last_published_at": published}
    with no_automatic_indexing(), transaction.atomic():
        for page in root.get_children():
            page.delete()
        Topic.objects.all().delete()
        home = root.add_child(instance=HomePage(title="Start", slug="home", locale=german))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
        topics = [
            Topic.objects.create(name=name, slug=name.lower(), locale=german)
            for name in ("E-Government", "Digitalisierung", "Steuern", "Informatik")
        ]
        news_index = home.add_child(instance=NewsIndexPage(title="Aktuelles", slug="news"))
        projects = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="p"))
        statuses = ProjectStatus.values
        counts = {"news": 0, "projects": 0, "standard pages": 0}
        writer = BulkPageWriter(published, index=False)
        for number in range(pages - 3):
            kind = number % 10
            fields = {"title": f"{generator.title()} {number}", "locale": german, **common}
            if kind < 6:
                page = NewsPage(
                    slug=f"n{number}",
                    teaser=generator.sentence(),
                    body=paragraphs(generator.text(6), generator.text(6)),
                    **fields,
                )
                writer.add(news_index, page, {"topics": rng.sample(topics, 2)})
                counts["news"] += 1
            elif kind < 8:
                page = ProjectPage(
                    slug=f"p{number}",
                    teaser=generator.sentence(),
                    status=rng.choice(statuses),
                    body=paragraphs(generator.text(8)),
                    **fields,
                )
                writer.add(projects, page, {"topics": rng.sample(topics, 1)})
                counts["projects"] += 1
            else:
                page = StandardPage(
                    slug=f"s{number}",
                    intro=generator.sentence(),
                    body=paragraphs(generator.text(10)),
                    **fields,
                )
                writer.add(home, page)
                counts["standard pages"] += 1
        writer.finish()
    counts["index pages"] = 3
    return counts
