"""Backend selection and what the Elasticsearch 8 and OpenSearch backends send.

No Elasticsearch 8 server can run here (docs/search.md): its backend is exercised with
the real elasticsearch-py client against a small HTTP server that records the requests
and answers as a cluster would, and compared with what the OpenSearch backend sends.
"""

import io
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Locale, Page

from news.models import NewsPage
from search import service
from search.backends import (
    DATABASE_BACKEND,
    ELASTICSEARCH_BACKEND,
    FALLBACK,
    OPENSEARCH_BACKEND,
    search_backends,
)
from search.engines import (
    Elasticsearch8LanguageMapping,
    OpenSearchMapping,
    language_subfield,
)
from search.index_settings import index_settings

# Backend selection


def test_nothing_set_gives_the_database_backend():
    assert search_backends() == {
        "default": {
            "BACKEND": DATABASE_BACKEND,
            "SEARCH_CONFIG": "vlgsite_german",
            "AUTOCOMPLETE_CONFIG": "vlgsite_simple",
        }
    }


def test_opensearch_url_gives_opensearch_with_the_database_as_fallback():
    backends = search_backends(opensearch_url=" http://a:9200/, http://b:9200 ", timeout=3)
    assert backends["default"]["BACKEND"] == OPENSEARCH_BACKEND
    assert backends["default"]["URLS"] == ["http://a:9200", "http://b:9200"]
    assert backends["default"]["TIMEOUT"] == 3
    assert backends[FALLBACK]["BACKEND"] == DATABASE_BACKEND


def test_elasticsearch_url_gives_elasticsearch8_with_the_same_index_settings():
    elastic = search_backends(elasticsearch_url="https://user:pw@es.example.ch:9243")
    opensearch = search_backends(opensearch_url="http://127.0.0.1:9200")
    assert elastic["default"]["BACKEND"] == ELASTICSEARCH_BACKEND
    assert elastic["default"]["URLS"] == ["https://user:pw@es.example.ch:9243"]
    assert elastic["default"]["INDEX_SETTINGS"] == opensearch["default"]["INDEX_SETTINGS"]
    assert elastic[FALLBACK] == opensearch[FALLBACK]


def test_both_cluster_urls_are_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        search_backends(elasticsearch_url="http://a:9200", opensearch_url="http://b:9200")


def test_german_analysis_is_the_default_analyzer():
    analysis = index_settings()["settings"]["analysis"]
    default = analysis["analyzer"]["default"]["filter"]
    assert default.index("german_normalization") < default.index("vlg_german_stemmer")
    assert analysis["filter"]["vlg_german_stemmer"]["language"] == "light_german"
    # No decompounder: it made "steuer" of "Steuerung". The pages index the parts of
    # their compounds themselves (home/compounds.py), as on the database backends.
    assert not any(
        spec.get("type", "").endswith("decompounder") for spec in analysis["filter"].values()
    )
    assert default == analysis["analyzer"]["default_search"]["filter"] + ["remove_duplicates"]


def test_language_subfields():
    assert language_subfield("fr") == "fr"
    assert language_subfield("en-gb") == "en"
    assert language_subfield("de") is None
    assert language_subfield("rm") is None


@pytest.mark.parametrize("mapping_class", [OpenSearchMapping, Elasticsearch8LanguageMapping])
def test_mapping_adds_language_subfields_and_filter_fields(mapping_class):
    properties = mapping_class(NewsPage).get_mapping()["properties"]
    for name in ("_all_text", "_all_text_boost_2_0", "_all_text_boost_1_5"):
        assert properties[name]["fields"] == {
            code: {"type": "text", "analyzer": analyzer, "search_analyzer": analyzer}
            for code, analyzer in [
                ("fr", "vlg_french"),
                ("it", "vlg_italian"),
                ("en", "vlg_english"),
            ]
        }
    assert properties["title_edgengrams"]["search_analyzer"] == "vlg_autocomplete"
    topics = properties["news_newspage__topics"]
    assert topics["type"] == "nested"
    assert topics["properties"]["slug_filter"] == {"type": "keyword"}
    assert properties["news_newspage__teaser"]["copy_to"] == ["_all_text", "_all_text_boost_1_5"]


def test_both_engines_map_every_model_identically():
    from modelsearch.index import get_indexed_models

    for model in get_indexed_models():
        assert (
            OpenSearchMapping(model).get_mapping()
            == Elasticsearch8LanguageMapping(model).get_mapping()
        ), model


# What goes over the wire


class RecordingCluster(ThreadingHTTPServer):
    """Answers like an Elasticsearch/OpenSearch cluster with empty indexes, and records
    every request (method, path, JSON body)."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.requests = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def bodies(self, method, pattern):
        return [
            (path, body)
            for m, path, body in self.requests
            if m == method and re.search(pattern, path)
        ]


class RecordingHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0]
        try:
            body = json.loads(raw) if raw and not path.endswith("_bulk") else raw.decode()
        except ValueError:
            body = raw.decode()
        self.server.requests.append((self.command, path, body))
        if path == "/":
            return self.answer(200, {"version": {"number": "8.15.0"}, "tagline": "for tests"})
        if path.endswith("_bulk"):
            return self.answer(200, {"took": 1, "errors": False, "items": []})
        if path.endswith("_search"):
            return self.answer(200, EMPTY_SEARCH)
        if self.command == "HEAD" or "_alias" in path and self.command == "GET":
            return self.answer(404, {"error": "not found", "status": 404})
        return self.answer(200, {"acknowledged": True})

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


EMPTY_SEARCH = {
    "took": 1,
    "timed_out": False,
    "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
    "aggregations": {
        "type": {"doc_count": 0, "values": {"buckets": []}},
        "status": {"doc_count": 0, "values": {"buckets": []}},
        "topic": {
            "doc_count": 0,
            "path0": {"doc_count": 0, "values": {"buckets": []}},
            "path1": {"doc_count": 0, "values": {"buckets": []}},
        },
    },
}


@pytest.fixture
def recorders():
    servers = {"elasticsearch": RecordingCluster(), "opensearch": RecordingCluster()}
    yield servers
    for server in servers.values():
        server.shutdown()
        server.server_close()


def configure(settings, engine, server):
    key = "elasticsearch_url" if engine == "elasticsearch" else "opensearch_url"
    settings.WAGTAILSEARCH_BACKENDS = search_backends(**{key: server.url}, index_prefix="t_")


def normalised(requests):
    """Index names without the random suffix of the atomic rebuild."""
    return [(re.sub(r"_[a-z0-9]{7}(?=/|$)", "_X", path), body) for path, body in requests]


def test_elasticsearch8_sends_the_same_index_settings_and_mappings_as_opensearch(
    db, settings, recorders
):
    sent = {}
    for engine, server in recorders.items():
        configure(settings, engine, server)
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        sent[engine] = {
            "indexes": normalised(server.bodies("PUT", r"^/t_[a-z_0-9]+$")),
            "mappings": normalised(server.bodies("PUT", r"/_mapping$")),
        }

    assert sent["elasticsearch"] == sent["opensearch"]
    indexes = dict(sent["elasticsearch"]["indexes"])
    page_index = indexes["/t_wagtailcore_page_X"]
    assert page_index["settings"]["analysis"]["analyzer"]["default"]["tokenizer"] == "standard"
    assert page_index["settings"]["index"]["number_of_replicas"] == 0
    mappings = [body for path, body in sent["elasticsearch"]["mappings"]]
    assert any("news_newspage__topics" in body["properties"] for body in mappings)


@pytest.mark.parametrize("engine", ["elasticsearch", "opensearch"])
def test_a_french_search_queries_the_french_subfields_with_facets(db, settings, recorders, engine):
    server = recorders[engine]
    configure(settings, engine, server)
    french = Locale.objects.get(language_code="fr")

    outcome = service.search({"q": "communes", "type": "news"}, locale=french, log=False)

    assert outcome.backend == "cluster" and outcome.total == 0
    (path, body), *_ = server.bodies("POST", r"/_search$")
    assert "t_wagtailcore_page" in path and "t_wagtaildocs_document" in path
    text = json.dumps(body)
    assert '"_all_text.fr"' in text and '"_all_text_boost_2_0.fr^2.0"' in text
    assert '"operator": "and"' in text
    assert set(body["aggs"]) == {"type", "status", "topic"}
    assert body["post_filter"]["bool"]["filter"] == [
        {"term": {"_django_content_type": "news.NewsPage"}}
    ]
    # The type facet is counted without the type filter.
    assert body["aggs"]["type"]["filter"] == {"match_all": {}}
    # Only pages of the visitor's locale.
    assert json.dumps({"term": {"locale_id_filter": french.pk}}) in text


def test_a_german_search_sorted_by_date_uses_the_date_fields(db, settings, recorders):
    server = recorders["elasticsearch"]
    configure(settings, "elasticsearch", server)

    service.search(
        {"q": "Gemeinde", "sort": "date", "topic": "steuern"},
        locale=Locale.objects.get(language_code="de"),
        log=False,
    )

    (_path, body), *_ = server.bodies("POST", r"/_search$")
    text = json.dumps(body)
    assert '"_all_text"' in text and "_all_text.fr" not in text
    script = body["sort"][0]["_script"]["script"]
    assert script["params"]["fields"] == [
        "news_newspage__date_filter",
        "strategy_strategypage__adopted_on_filter",
        "strategy_strategypage__valid_from_filter",
        "strategy_projectpage__start_date_filter",
        "last_published_at_filter",
    ]
    (topic_filter,) = body["post_filter"]["bool"]["filter"]
    paths = [clause["nested"]["path"] for clause in topic_filter["bool"]["should"]]
    assert paths == ["news_newspage__topics", "strategy_projectpage__topics"]


def test_publishing_sends_the_page_to_the_cluster(db, settings, recorders, home_page):
    server = recorders["elasticsearch"]
    configure(settings, "elasticsearch", server)

    home_page.specific.save_revision().publish()

    documents = server.bodies("PUT", r"^/t_wagtailcore_page/_doc/\d+$")
    assert documents, server.requests
    (_path, document), *_ = documents
    assert document["title"] == home_page.title
    assert document["live_filter"] is True
    assert Page.objects.get(pk=home_page.pk).live
