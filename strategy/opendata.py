"""The project catalogue as DCAT-AP CH metadata, for opendata.swiss's harvester.

One dcat:Catalog at /opendata/catalog.<rdf|ttl|jsonld> (docs/open-data.md): one dataset
per project catalogue (its translations together), a distribution per language and
export format (CSV, JSON), one for the API, and the API itself as a dcat:DataService.
The texts are gettext messages, given in every language of the site as language-tagged
literals, so one URL serves all four languages. Built once per process and content
version (home/cache/memory.py).
"""

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD
from wagtail.models import PageLogEntry, Site

from home.cache.memory import remembered
from home.cache.pages import mark_page_request
from home.models import SiteSettings
from home.visibility import live_public

from .models import ProjectIndexPage

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

# What DCAT-AP CH requires of each class: the mandatory properties of eCH-0200 v2
# (dcat-ap.ch/releases/2.0) together with those opendata.swiss's handbook adds (the
# datasets' distributions, the distributions' dct:license, which replaces dct:rights
# there). tests/strategy/test_dcat.py checks the catalogue against this list.
MANDATORY = {
    DCAT.Catalog: (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.issued,
        FOAF.homepage,
        DCTERMS.publisher,
        DCAT.dataset,
    ),
    DCAT.Dataset: (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.publisher,
        DCAT.contactPoint,
        DCTERMS.identifier,
        DCAT.distribution,
    ),
    DCAT.Distribution: (DCTERMS.issued, DCAT.accessURL, DCTERMS.rights, DCTERMS.license),
}
# The texts given in each language of the site (de, fr, it, en).
MULTILINGUAL = {
    DCAT.Catalog: (DCTERMS.title, DCTERMS.description),
    DCAT.Dataset: (DCTERMS.title, DCTERMS.description, DCAT.keyword),
    DCAT.Distribution: (DCTERMS.title, DCTERMS.description),
}

# opendata.swiss's terms of use "Open use. Must provide the source." (docs/open-data.md).
TERMS_OF_USE = URIRef("http://dcat-ap.ch/vocabulary/licenses/terms_by")
# The DCAT-AP CH category "Verwaltung" (opendata.swiss maps it to the EU theme GOVE).
THEME = URIRef("http://dcat-ap.ch/vocabulary/themes/administration")
# Projects change whenever editors publish.
FREQUENCY = URIRef("http://publications.europa.eu/resource/authority/frequency/IRREG")
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# What Wagtail logs when a page goes live or leaves the site.
PUBLICATION_ACTIONS = ("wagtail.publish", "wagtail.unpublish")
# The catalogue's open-data exports (strategy/catalogue.py): format, label, media type.
EXPORTS = (("csv", "CSV", "text/csv"), ("json", "JSON", "application/json"))
# The serialisations of this catalogue: rdflib format and Content-Type.
SERIALISATIONS = {
    "rdf": ("pretty-xml", "application/rdf+xml; charset=utf-8"),
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
}
# The media types a client may ask the catalogue's URI for, and their serialisation.
NEGOTIABLE = {media.split(";")[0]: name for name, (_f, media) in SERIALISATIONS.items()}
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "xsd": XSD}

CATALOGUE_TITLE = gettext_lazy("Offene Daten E-Government Luzern")
CATALOGUE_DESCRIPTION = gettext_lazy(
    "Offene Daten der Website von Prozesse und Informatik des Verbands Luzerner Gemeinden "
    "VLG: der Katalog der E-Government-Projekte von Kanton und Gemeinden."
)
DATASET_TITLE = gettext_lazy("Projektkatalog E-Government Luzern")
DATASET_DESCRIPTION = gettext_lazy(
    "Die E-Government- und Digitalisierungsprojekte des Kantons Luzern und seiner "
    "Gemeinden: Status, Federführung, Staatsebenen, Themen, Strategie und Schwerpunkt, "
    "Start und geplantes Ende, Partner, teilnehmende Gemeinden mit BFS-Nummer und Link "
    "zum Dienst. Als CSV und JSON in jeder Sprache und über die API."
)
KEYWORDS = (
    gettext_lazy("E-Government"),
    gettext_lazy("Digitalisierung"),
    gettext_lazy("Gemeinden"),
    gettext_lazy("Kanton Luzern"),
    gettext_lazy("Projekte"),
)
EXPORT_TITLE = gettext_lazy("Projektkatalog als %(format)s (%(language)s)")
EXPORT_DESCRIPTION = gettext_lazy(
    "Alle veröffentlichten Projekte des Katalogs, Texte auf %(language)s. Die Spalten "
    "bleiben stabil, neue kommen nur am Ende dazu; die Filter der Katalogseite gelten "
    "auch hier."
)
API_TITLE = gettext_lazy("Projektkatalog über die API (JSON)")
API_DESCRIPTION = gettext_lazy(
    "Die Projekte in allen Sprachen über die öffentliche Schnittstelle, mit Filtern, "
    "Suche und Seiten; beschrieben als OpenAPI."
)
SERVICE_TITLE = gettext_lazy("Öffentliche Schnittstelle der Website (API)")
SERVICE_DESCRIPTION = gettext_lazy(
    "Die ganze öffentliche Website als JSON, nur lesend und ohne Anmeldung, beschrieben "
    "als OpenAPI 3.0."
)
PUBLISHER_NAME = gettext_lazy("Verband Luzerner Gemeinden VLG")


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def add_texts(graph, subject, predicate, text, **values):
    """The text in each language of the site; `values` (lazy texts too) are filled in
    in the same language."""
    for code in language_codes():
        with translation.override(code):
            filled = {name: str(value) for name, value in values.items()}
            graph.add((subject, predicate, Literal(str(text) % filled, lang=code)))


def add_date(graph, subject, predicate, value, *, date_only=False):
    if value is not None:
        literal = Literal(value.date(), datatype=XSD.date) if date_only else Literal(value)
        graph.add((subject, predicate, literal))


def newest(values):
    return max(filter(None, values), default=None)


def oldest(values):
    return min(filter(None, values), default=None)


def catalogue_families():
    """The live public project catalogues, each with its translations (in the order of
    settings.LANGUAGES)."""
    order = {code: number for number, code in enumerate(language_codes())}
    pages = live_public(ProjectIndexPage.objects.all()).select_related("locale")
    families = {}
    for page in pages.order_by("path"):
        families.setdefault(page.translation_key, []).append(page)
    return [
        sorted(family, key=lambda page: order.get(page.locale.language_code, len(order)))
        for family in families.values()
    ]


def last_change(index_page):
    """When the catalogue page or a project below it was last published or unpublished
    (an unpublished project leaves the exports: a change of the data too)."""
    logged = PageLogEntry.objects.filter(
        page__path__startswith=index_page.path, action__in=PUBLICATION_ACTIONS
    ).aggregate(value=Max("timestamp"))
    projects = index_page.projects().order_by().aggregate(value=Max("last_published_at"))
    return newest([index_page.last_published_at, projects["value"], logged["value"]])


class CatalogueGraph:
    """Builds the graph of one site; `root` is the site's root URL."""

    def __init__(self, site, request):
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.site, self.request = site, request
        self.root = site.root_url.rstrip("/")
        self.uri = URIRef(self.root + reverse("opendata_catalogue"))
        self.publisher = URIRef(self.root + "/")

    def build(self):
        graph, catalogue = self.graph, self.uri
        graph.add((catalogue, RDF.type, DCAT.Catalog))
        add_texts(graph, catalogue, DCTERMS.title, CATALOGUE_TITLE)
        add_texts(graph, catalogue, DCTERMS.description, CATALOGUE_DESCRIPTION)
        graph.add((catalogue, FOAF.homepage, self.publisher))
        graph.add((catalogue, DCTERMS.publisher, self.publisher))
        graph.add((catalogue, DCTERMS.license, TERMS_OF_USE))
        for code in language_codes():
            graph.add((catalogue, DCTERMS.language, Literal(code)))
        self.add_publisher()
        service = self.add_service()
        graph.add((catalogue, DCAT.service, service))
        issued, modified = [], []
        for family in catalogue_families():
            dataset, first, last = self.add_dataset(family, service)
            graph.add((catalogue, DCAT.dataset, dataset))
            graph.add((service, DCAT.servesDataset, dataset))
            issued.append(first)
            modified.append(last)
        add_date(graph, catalogue, DCTERMS.issued, oldest(issued), date_only=True)
        add_date(graph, catalogue, DCTERMS.modified, newest(modified), date_only=True)
        return graph

    def add_publisher(self):
        graph = self.graph
        graph.add((self.publisher, RDF.type, FOAF.Organization))
        add_texts(graph, self.publisher, FOAF.name, PUBLISHER_NAME)

    def add_contact_point(self, subject):
        site_settings = SiteSettings.for_site(self.site)
        email = (
            settings.OPENDATA_CONTACT_EMAIL or site_settings.email or site_settings.department_email
        )
        contact = BNode()
        self.graph.add((contact, RDF.type, VCARD.Organization))
        self.graph.add((contact, VCARD.fn, Literal(site_settings.organisation)))
        if email:
            self.graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        self.graph.add((subject, DCAT.contactPoint, contact))

    def add_service(self):
        graph = self.graph
        service = URIRef(f"{self.uri}#api")
        graph.add((service, RDF.type, DCAT.DataService))
        add_texts(graph, service, DCTERMS.title, SERVICE_TITLE)
        add_texts(graph, service, DCTERMS.description, SERVICE_DESCRIPTION)
        graph.add((service, DCAT.endpointURL, URIRef(self.root + reverse("api_index"))))
        graph.add((service, DCAT.endpointDescription, URIRef(self.root + reverse("api_openapi"))))
        graph.add((service, DCTERMS.publisher, self.publisher))
        graph.add((service, DCTERMS.license, TERMS_OF_USE))
        return service

    def add_dataset(self, family, service):
        graph = self.graph
        source = family[0]
        dataset = URIRef(f"{self.uri}#{source.slug}")
        graph.add((dataset, RDF.type, DCAT.Dataset))
        organisation = settings.OPENDATA_ORGANIZATION
        graph.add((dataset, DCTERMS.identifier, Literal(f"{source.slug}@{organisation}")))
        add_texts(graph, dataset, DCTERMS.title, DATASET_TITLE)
        add_texts(graph, dataset, DCTERMS.description, DATASET_DESCRIPTION)
        for keyword in KEYWORDS:
            add_texts(graph, dataset, DCAT.keyword, keyword)
        graph.add((dataset, DCTERMS.publisher, self.publisher))
        self.add_contact_point(dataset)
        graph.add((dataset, DCAT.theme, THEME))
        graph.add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY))
        issued = oldest(page.first_published_at for page in family)
        changes = []
        for page in family:
            code, changed = page.locale.language_code, last_change(page)
            changes.append(changed)
            graph.add((dataset, DCAT.landingPage, URIRef(page.get_full_url(self.request))))
            graph.add((dataset, DCTERMS.language, Literal(code)))
            for file_format, label, media_type in EXPORTS:
                distribution = URIRef(f"{dataset}-{file_format}-{code}")
                graph.add((dataset, DCAT.distribution, distribution))
                self.add_export(distribution, page, file_format, label, media_type)
                add_date(graph, distribution, DCTERMS.modified, changed)
        modified = newest(changes)
        graph.add((dataset, DCAT.distribution, self.add_api(dataset, service, issued, modified)))
        add_date(graph, dataset, DCTERMS.issued, issued)
        add_date(graph, dataset, DCTERMS.modified, modified)
        return dataset, issued, modified

    def add_distribution(self, distribution, url, media_type, label, issued):
        graph = self.graph
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.accessURL, URIRef(url)))
        graph.add((distribution, DCAT.mediaType, URIRef(MEDIA_TYPES + media_type)))
        graph.add((distribution, DCTERMS["format"], URIRef(FILE_TYPES + label)))
        graph.add((distribution, DCTERMS.license, TERMS_OF_USE))
        graph.add((distribution, DCTERMS.rights, TERMS_OF_USE))
        add_date(graph, distribution, DCTERMS.issued, issued)

    def add_export(self, distribution, page, file_format, label, media_type):
        code = page.locale.language_code
        url = page.get_full_url(self.request) + page.reverse_subpage(
            "export_route", args=(file_format,)
        )
        self.add_distribution(distribution, url, media_type, label, page.first_published_at)
        graph = self.graph
        graph.add((distribution, DCAT.downloadURL, URIRef(url)))
        graph.add((distribution, DCTERMS.language, Literal(code)))
        language = dict(settings.LANGUAGES)[code]
        add_texts(graph, distribution, DCTERMS.title, EXPORT_TITLE, format=label, language=language)
        add_texts(graph, distribution, DCTERMS.description, EXPORT_DESCRIPTION, language=language)

    def add_api(self, dataset, service, issued, modified):
        graph = self.graph
        distribution = URIRef(f"{dataset}-api")
        url = self.root + reverse("wagtailapi:pages:listing") + "?type=strategy.ProjectPage"
        self.add_distribution(distribution, url, "application/json", "JSON", issued)
        add_texts(graph, distribution, DCTERMS.title, API_TITLE)
        add_texts(graph, distribution, DCTERMS.description, API_DESCRIPTION)
        graph.add((distribution, DCAT.accessService, service))
        add_date(graph, distribution, DCTERMS.modified, modified)
        return distribution


@remembered
def catalogue_graph(site_id, *, site, request):
    return CatalogueGraph(site, request).build()


@remembered
def serialised_catalogue(file_format, site_id, *, site, request):
    rdflib_format = SERIALISATIONS[file_format][0]
    graph = catalogue_graph(site_id, site=site, request=request)
    if rdflib_format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, indent=2)
    return graph.serialize(format=rdflib_format)


@require_safe
def catalogue_view(request, file_format):
    """The catalogue in one serialisation; for every origin, like the exports."""
    site = Site.find_for_request(request)
    if file_format not in SERIALISATIONS or site is None:
        raise Http404(_("Unbekanntes Format."))
    body = serialised_catalogue(file_format, site.pk, site=site, request=request)
    response = HttpResponse(body, content_type=SERIALISATIONS[file_format][1])
    response["Access-Control-Allow-Origin"] = "*"
    mark_page_request(request)
    return response


@require_safe
def negotiated_catalogue_view(request):
    """The catalogue's own URI: 303 to the serialisation the client prefers (RDF/XML
    unless it asks for Turtle or JSON-LD)."""
    preferred = request.get_preferred_type(list(NEGOTIABLE)) or "application/rdf+xml"
    response = HttpResponseRedirect(
        reverse("opendata_catalogue_format", args=(NEGOTIABLE[preferred],))
    )
    response.status_code = 303
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response
