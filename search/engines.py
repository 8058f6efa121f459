"""Wagtail's Elasticsearch 8 and OpenSearch backends, taught the site's languages.

One index holds the pages of every locale; its `default` analyzer is German. The
catch-all fields that a search queries (`_all_text`, `_all_text_boost_*`) get one
sub-field per other language, each with that language's analyzer
(search/index_settings.py). A search names the visitor's language and is compiled
against the matching sub-field; the locale filter keeps the results in that language.
Both engines share these classes; they differ only in their client.
"""

import datetime as dt

from django.apps import apps
from django.utils import timezone
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
)
from modelsearch.index import FilterField, RelatedFields
from wagtail.models import get_page_models

from search.index_settings import AUTOCOMPLETE_SEARCH_ANALYZER, LANGUAGE_ANALYZERS

CATCH_ALL_PREFIX = "_all_text"


def language_subfield(language):
    """The sub-field suffix for a language code ("fr-ch" → "fr"), or None for German
    and unknown languages (the `default` analyzer)."""
    code = (language or "").split("-")[0].lower()
    return code if code in LANGUAGE_ANALYZERS else None


class LanguageMappingMixin:
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER,
    }

    def get_mapping(self):
        mapping = super().get_mapping()
        for name, field in mapping["properties"].items():
            if name.startswith(CATCH_ALL_PREFIX):
                # search_analyzer too: the index's `default_search` (German) would
                # otherwise take precedence at query time.
                field["fields"] = {
                    code: {"type": "text", "analyzer": analyzer, "search_analyzer": analyzer}
                    for code, analyzer in LANGUAGE_ANALYZERS.items()
                }
        return mapping


class LanguageQueryMixin:
    """Queries the catch-all fields of the visitor's language."""

    def __init__(self, *args, language=None, **kwargs):
        self.language = language_subfield(language)
        super().__init__(*args, **kwargs)

    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        if self.language:
            for field in remapped:
                if field.field_name.startswith(CATCH_ALL_PREFIX):
                    field.field_name = f"{field.field_name}.{self.language}"
        return remapped


class LanguageBackendMixin:
    def search(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        language=None,
    ):
        return self._search(
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            language=language,
        )

    def faceted_search(self, request):
        """One request to the cluster for a page of the search page: pages and
        documents ranked together, the active filters applied to the hits (post_filter)
        and every facet counted with the other filters (aggregations).

        `request` is a search.finders.ClusterRequest; returns a dict with "hits"
        [(kind, pk, score)], "total" and "facets" {facet: {value: count}}."""
        schema = self.cluster_schema(request.schema)
        clauses = []
        for queryset in (request.pages, request.documents):
            if queryset is None:
                continue
            compiler = self.query_compiler_class(queryset, request.query, language=request.language)
            compiler.check()
            clauses.append(compiler.get_query())
        query = {"bool": {"should": clauses, "minimum_should_match": 1}}
        active = {
            name: schema.filter_clause(name, value) for name, value in request.filters.items()
        }

        def other_filters(name):
            others = [clause for key, clause in active.items() if key != name]
            return {"bool": {"filter": others}} if others else {"match_all": {}}

        body = {
            "query": query,
            "track_total_hits": True,
            "docvalue_fields": ["_django_content_type", schema.status_field]
            + [{"field": name, "format": "epoch_millis"} for name in schema.date_fields],
            "aggs": {
                "type": {
                    "filter": other_filters("type"),
                    "aggs": {"values": {"terms": {"field": "_django_content_type", "size": 100}}},
                },
                "status": {
                    "filter": other_filters("status"),
                    "aggs": {"values": {"terms": {"field": schema.status_field, "size": 50}}},
                },
                "topic": {
                    "filter": other_filters("topic"),
                    "aggs": {
                        f"path{number}": {
                            "nested": {"path": path},
                            "aggs": {"values": {"terms": {"field": field, "size": 500}}},
                        }
                        for number, (path, field) in enumerate(schema.topic_fields)
                    },
                },
            },
        }
        # Filters and promoted pages (shown apart) narrow the hits, not the facet counts.
        post_filter = {"bool": {"filter": list(active.values())}}
        if request.exclude_page_ids:
            post_filter["bool"]["must_not"] = [
                {
                    "bool": {
                        "filter": [
                            {"term": {"_django_content_type": schema.page_type}},
                            {"terms": {"pk": [str(pk) for pk in request.exclude_page_ids]}},
                        ]
                    }
                }
            ]
        if active or request.exclude_page_ids:
            body["post_filter"] = post_filter
        if request.sort == "date":
            body["sort"] = [schema.date_sort(), "_score"]
        indexes = [self.get_index_for_model(request.pages.model).name]
        if request.documents is not None:
            indexes.append(self.get_index_for_model(request.documents.model).name)
        compiler_results = self.results_class(self, compiler)
        response = compiler_results._backend_do_search(
            body,
            index=",".join(indexes),
            _source=False,
            **{
                compiler_results.fields_param_name: "pk",
                "from_": request.offset,
                "size": request.limit,
            },
        )
        hits = [schema.hit(hit) for hit in response["hits"]["hits"]]
        aggregations = response["aggregations"]
        total = response["hits"]["total"]
        return {
            "hits": hits,
            "total": total["value"] if isinstance(total, dict) else total,
            "facets": {
                "type": schema.type_counts(aggregations["type"]["values"]["buckets"]),
                "status": {
                    b["key"]: b["doc_count"] for b in aggregations["status"]["values"]["buckets"]
                },
                "topic": schema.topic_counts(aggregations["topic"]),
            },
        }

    def cluster_schema(self, schema):
        """The ClusterSchema of a FacetSchema, worked out once per backend instance."""
        cache = self.__dict__.setdefault("_cluster_schemas", {})
        if schema not in cache:
            cache[schema] = ClusterSchema(self, schema)
        return cache[schema]

    def ping(self, timeout=None):
        """Whether the cluster answers, within `timeout` seconds if given."""
        if timeout is None:
            return bool(self.es.ping())
        if hasattr(self.es, "options"):  # elasticsearch-py 8
            return bool(self.es.options(request_timeout=timeout).ping())
        return bool(self.es.ping(params={"request_timeout": timeout}))  # opensearch-py


def date_from_millis(value, local):
    """A date from the epoch milliseconds the cluster returns: a datetime field's date in
    the site's time zone, a date field's as it is (stored at midnight UTC)."""
    moment = dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)
    return timezone.localdate(moment) if local else moment.date()


class ClusterSchema:
    """Where the search page's facets live in the index: the column names that
    modelsearch gives the models' filter fields (search.page_types.FacetSchema)."""

    DATE_SORT_SCRIPT = (
        "for (String f : params.fields) {"
        " if (doc.containsKey(f) && doc[f].size() > 0) {"
        " return doc[f].value.toInstant().toEpochMilli(); } }"
        " return 0L;"
    )

    def __init__(self, backend, schema):
        self.mapping_class = backend.mapping_class
        self.page_type = self.content_type(schema.page_model)
        self.document_type = self.content_type(schema.document_model)
        self.types = {kind: self.content_type(model) for kind, model in schema.types}
        # A page's document names its class and every parent class, abstract bases of the
        # site's page types among them: the hit's model is the most specific concrete one.
        self.page_models = {self.content_type(model): model for model in get_page_models()}
        self.status_field = self.column(schema.status[0], schema.status[1])
        self.topic_fields = []
        for model, name in schema.topics:
            related = self.search_field(model, name, RelatedFields)
            path = self.mapping_class(model).get_field_column_name(related)
            slug = next(f for f in related.fields if f.field_name == "slug")
            nested = self.mapping_class(related.get_field(model).related_model)
            self.topic_fields.append((path, f"{path}.{nested.get_field_column_name(slug)}"))
        self.date_fields = [self.column(model, name) for model, name in schema.dates]
        self.datetime_fields = {
            self.column(model, name)
            for model, name in schema.dates
            if model._meta.get_field(name).get_internal_type() == "DateTimeField"
        }

    def content_type(self, model):
        return self.mapping_class(model).get_content_type()

    def hit(self, hit):
        """Kind, id, score, type, model, date and status of a hit, from its doc values."""
        values = hit.get("fields", {})
        content_types = values.get("_django_content_type", [])
        result = {"pk": int(values["pk"][0]), "score": hit.get("_score") or 0}
        if self.page_type not in content_types:
            return {**result, "kind": "document", "type": "document"}
        models = [self.page_models[name] for name in content_types if name in self.page_models]
        model = max(models, key=lambda model: len(model.__mro__), default=None)
        specific = self.content_type(model) if model else self.page_type
        kinds = {content_type: kind for kind, content_type in self.types.items()}
        date = None
        for column in self.date_fields:
            if values.get(column):
                date = date_from_millis(values[column][0], column in self.datetime_fields)
                break
        return {
            **result,
            "kind": "page",
            "type": kinds.get(specific, "page"),
            "model": model or apps.get_model(self.page_type),
            "date": date,
            "status": (values.get(self.status_field) or [""])[0],
        }

    @staticmethod
    def search_field(model, name, kind):
        return next(
            f for f in model.get_search_fields() if f.field_name == name and isinstance(f, kind)
        )

    def column(self, model, name):
        field = self.search_field(model, name, FilterField)
        return self.mapping_class(model).get_field_column_name(field)

    def filter_clause(self, name, value):
        if name == "type":
            if value == "document":
                return {"term": {"_django_content_type": self.document_type}}
            if value == "page":
                return {
                    "bool": {
                        "filter": [{"term": {"_django_content_type": self.page_type}}],
                        "must_not": [
                            {"terms": {"_django_content_type": list(self.types.values())}}
                        ],
                    }
                }
            return {"term": {"_django_content_type": self.types[value]}}
        if name == "status":
            return {"term": {self.status_field: value}}
        if name == "topic":
            return {
                "bool": {
                    "should": [
                        {
                            "nested": {
                                "path": path,
                                "query": {"term": {field: value}},
                                "ignore_unmapped": True,
                            }
                        }
                        for path, field in self.topic_fields
                    ],
                    "minimum_should_match": 1,
                }
            }
        raise ValueError(name)

    def date_sort(self):
        return {
            "_script": {
                "type": "number",
                "order": "desc",
                "script": {
                    "lang": "painless",
                    "source": self.DATE_SORT_SCRIPT,
                    "params": {"fields": self.date_fields},
                },
            }
        }

    def type_counts(self, buckets):
        counts = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        result = {kind: counts.get(content_type, 0) for kind, content_type in self.types.items()}
        result["page"] = counts.get(self.page_type, 0) - sum(result.values())
        result["document"] = counts.get(self.document_type, 0)
        return {kind: count for kind, count in result.items() if count}

    def topic_counts(self, aggregation):
        counts = {}
        for number in range(len(self.topic_fields)):
            for bucket in aggregation[f"path{number}"]["values"]["buckets"]:
                counts[bucket["key"]] = counts.get(bucket["key"], 0) + bucket["doc_count"]
        return counts


# OpenSearch 2.x and 3.x, opensearch-py 3.x


class OpenSearchMapping(LanguageMappingMixin, OpenSearch3Mapping):
    pass


class OpenSearchQueryCompiler(LanguageQueryMixin, OpenSearch3SearchQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchAutocompleteQueryCompiler(OpenSearch3AutocompleteQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchBackend(LanguageBackendMixin, OpenSearch3SearchBackend):
    mapping_class = OpenSearchMapping
    query_compiler_class = OpenSearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearchAutocompleteQueryCompiler


# Elasticsearch 8.x, elasticsearch-py 8.x


class Elasticsearch8LanguageMapping(LanguageMappingMixin, Elasticsearch8Mapping):
    pass


class Elasticsearch8QueryCompiler(LanguageQueryMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = Elasticsearch8LanguageMapping


class Elasticsearch8AutocompleteCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = Elasticsearch8LanguageMapping


class Elasticsearch8Backend(LanguageBackendMixin, Elasticsearch8SearchBackend):
    mapping_class = Elasticsearch8LanguageMapping
    query_compiler_class = Elasticsearch8QueryCompiler
    autocomplete_query_compiler_class = Elasticsearch8AutocompleteCompiler
