"""Which search backend the site uses: chosen by configuration, in one place.

Called from vlgsite/settings/base.py with the values the settings read from the
environment (nothing here reads os.environ). Kept free of Django model imports so the
settings can import it.
"""

from django.core.exceptions import ImproperlyConfigured

from search.index_settings import index_settings

DATABASE_BACKEND = "search.database"
OPENSEARCH_BACKEND = "search.engines.OpenSearchBackend"
ELASTICSEARCH_BACKEND = "search.engines.Elasticsearch8Backend"

# The alias of the database backend that answers while the cluster is unreachable.
FALLBACK = "fallback"


def split_urls(value):
    """ "http://a:9200, http://b:9200" → ["http://a:9200", "http://b:9200"]."""
    return [url.strip().rstrip("/") for url in (value or "").split(",") if url.strip()]


def database_backend():
    # PostgreSQL's text search configurations (search/migrations/0001): German stemming
    # and stop words, accents folded; for autocomplete no stemming. SQLite FTS5 ignores
    # them (its tokenizer folds accents itself).
    return {
        "BACKEND": DATABASE_BACKEND,
        "SEARCH_CONFIG": "vlgsite_german",
        "AUTOCOMPLETE_CONFIG": "vlgsite_simple",
    }


def replica_settings(replicas):
    """SEARCH_INDEX_REPLICAS → (number_of_replicas, auto_expand_replicas or None).

    A number ("1") is a fixed count. A range ("0-1", "0-all") lets the cluster choose by
    its number of data nodes: "0-1" means one replica once a second node is there and
    none on a single node, whose indexes stay green."""
    value = str(replicas).strip()
    if value.isdigit():
        return int(value), None
    low, _, high = value.partition("-")
    if not (low.isdigit() and (high.isdigit() or high == "all")):
        raise ImproperlyConfigured(
            f'SEARCH_INDEX_REPLICAS must be a number or a range such as "0-1", not {value!r}.'
        )
    return int(low), value


def cluster_backend(engine, urls, index_prefix="vlgsite_", timeout=5, replicas=0):
    count, auto_expand = replica_settings(replicas)
    settings = index_settings(replicas=count)
    if auto_expand:
        settings["settings"]["index"]["auto_expand_replicas"] = auto_expand
    return {
        "BACKEND": engine,
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "INDEX_SETTINGS": settings,
    }


def search_backends(
    elasticsearch_url="", opensearch_url="", index_prefix="vlgsite_", timeout=5, replicas=0
):
    """The WAGTAILSEARCH_BACKENDS setting.

    Nothing set: the database backend. ELASTICSEARCH_URL or OPENSEARCH_URL (one or more
    node URLs, comma separated): that cluster as "default", and the database backend as
    "fallback", kept up to date as well so that search can answer from it while the
    cluster is down.
    """
    elasticsearch_urls = split_urls(elasticsearch_url)
    opensearch_urls = split_urls(opensearch_url)
    if elasticsearch_urls and opensearch_urls:
        raise ImproperlyConfigured(
            "Set either ELASTICSEARCH_URL or OPENSEARCH_URL, not both: the site uses one "
            "search cluster."
        )
    if not (elasticsearch_urls or opensearch_urls):
        return {"default": database_backend()}
    engine = ELASTICSEARCH_BACKEND if elasticsearch_urls else OPENSEARCH_BACKEND
    urls = elasticsearch_urls or opensearch_urls
    return {
        "default": cluster_backend(engine, urls, index_prefix, timeout, replicas),
        FALLBACK: database_backend(),
    }
