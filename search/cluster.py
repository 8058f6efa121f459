"""The configured search backends, one instance per process, and whether a backend is a
search cluster (Elasticsearch/OpenSearch) or the database."""

from django.core.signals import setting_changed
from django.dispatch import receiver
from modelsearch.backends import get_search_backend

from search.engines import LanguageBackendMixin

_backends = {}


def get_backend(alias="default"):
    """The configured backend of this alias, created once per process (a backend holds
    an HTTP client with its connection pool)."""
    if alias not in _backends:
        _backends[alias] = get_search_backend(alias)
    return _backends[alias]


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        _backends.clear()


def is_cluster(backend):
    return isinstance(backend, LanguageBackendMixin)
