"""The index settings of the search cluster, one set for Elasticsearch 8 and OpenSearch.

Wagtail's search package (modelsearch) deep-merges INDEX_SETTINGS into its own defaults
(the ngram/edgengram analyzers for autocomplete). The analyzer named `default` applies to
every text field and to the catch-all fields `_all_text*` that searches query:

- German (the source language): lower case, German stop words, umlaut folding as German
  spelling allows it (ä = ae, ß = ss: `german_normalization`), ASCII folding (é = e),
  then the light German stemmer (Gemeinden = Gemeinde), the same at index and at query
  time. Compounds are not split here: the node's `dictionary_decompounder` emits every
  dictionary word inside a token ("Steuerung" → steuer), so the pages index the parts
  of their compounds themselves, marked, in a search field of their own, and queries
  get a compound tier (home/compounds.py, search/compounds.py): the same parts on every
  backend.
- French, Italian and English: one analyzer each, used by the language sub-fields
  `_all_text.fr`, `.it`, `.en` that search/engines.py adds to the catch-all fields. A
  search in /fr/ queries `_all_text.fr` (see docs/search.md).
"""

from copy import deepcopy

# Languages with their own analyzer, as sub-fields of the catch-all fields. German is
# the `default` analyzer of the index and needs no sub-field.
LANGUAGE_ANALYZERS = {"fr": "vlg_french", "it": "vlg_italian", "en": "vlg_english"}

# The analyzer that autocomplete queries use on the `_edgengrams` fields (indexed with
# modelsearch's `edgengram_analyzer`, which this file also folds umlauts in).
AUTOCOMPLETE_SEARCH_ANALYZER = "vlg_autocomplete"

# The German chain up to the stemmer, the same at index and at query time.
_GERMAN_FOLDING = ["lowercase", "vlg_german_stop", "german_normalization", "asciifolding"]

_ANALYSIS = {
    "filter": {
        "vlg_german_stop": {"type": "stop", "stopwords": "_german_"},
        "vlg_german_stemmer": {"type": "stemmer", "language": "light_german"},
        "vlg_french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu"],
        },
        "vlg_french_stop": {"type": "stop", "stopwords": "_french_"},
        "vlg_french_stemmer": {"type": "stemmer", "language": "light_french"},
        "vlg_italian_elision": {
            "type": "elision",
            "articles": [
                "c",
                "l",
                "all",
                "dall",
                "dell",
                "nell",
                "sull",
                "coll",
                "pell",
                "gl",
                "agl",
                "dagl",
                "degl",
                "negl",
                "sugl",
                "un",
                "m",
                "t",
                "s",
                "v",
                "d",
            ],
        },
        "vlg_italian_stop": {"type": "stop", "stopwords": "_italian_"},
        "vlg_italian_stemmer": {"type": "stemmer", "language": "light_italian"},
        "vlg_english_stop": {"type": "stop", "stopwords": "_english_"},
        "vlg_english_stemmer": {"type": "stemmer", "language": "english"},
        "vlg_english_possessive": {"type": "stemmer", "language": "possessive_english"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*_GERMAN_FOLDING, "vlg_german_stemmer", "remove_duplicates"],
        },
        "default_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*_GERMAN_FOLDING, "vlg_german_stemmer"],
        },
        "vlg_french": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "vlg_french_elision",
                "lowercase",
                "vlg_french_stop",
                "asciifolding",
                "vlg_french_stemmer",
            ],
        },
        "vlg_italian": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "vlg_italian_elision",
                "lowercase",
                "vlg_italian_stop",
                "asciifolding",
                "vlg_italian_stemmer",
            ],
        },
        "vlg_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "vlg_english_possessive",
                "lowercase",
                "vlg_english_stop",
                "asciifolding",
                "vlg_english_stemmer",
            ],
        },
        # modelsearch's autocomplete analyzers, with umlaut folding added on both sides.
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "german_normalization", "asciifolding", "edgengram"],
        },
        AUTOCOMPLETE_SEARCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "german_normalization", "asciifolding"],
        },
    },
}


def index_settings(replicas=0):
    """INDEX_SETTINGS for a cluster backend (deep-merged into modelsearch's defaults)."""
    return {
        "settings": {
            "index": {"number_of_shards": 1, "number_of_replicas": replicas},
            "analysis": deepcopy(_ANALYSIS),
        }
    }
