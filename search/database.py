"""Wagtail's database search backend, with its autocomplete configurable on PostgreSQL.

modelsearch's PostgreSQL backend indexes and queries autocomplete with the fixed text
search configuration "simple", which keeps accents: "ubersi" would not find
"Übersicht" (SQLite FTS5 folds them). AUTOCOMPLETE_CONFIG names another configuration
(search/migrations/0001 creates ones that fold accents). Other databases are unchanged.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as vendor_backend


def SearchBackend(params):  # the name modelsearch looks up in a backend module
    backend = vendor_backend(params)
    if connection.vendor == "postgresql" and params.get("AUTOCOMPLETE_CONFIG"):
        backend.autocomplete_config = params["AUTOCOMPLETE_CONFIG"]
    return backend
