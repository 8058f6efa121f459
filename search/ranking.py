"""The best matches of a query from the database backend, ranked.

SQLite FTS5 does not stem: every word of the query must match in one of its spellings
or singular/plural forms (search/text.py). German queries get a second, lower tier for
compounds (search/compounds.py): its hits come after the exact ones. A search cluster
analyses queries itself and does not come here.
"""

import operator
import re
from functools import reduce

from django.db import connection
from django.db.models import Exists, F, FloatField, IntegerField, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.conf import get_app_config
from modelsearch.query import And, MatchAll, Not, Or, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from search.compounds import database_compound_query
from search.text import word_forms

# The database backend counts facets, filters and sorts the best MAX_HITS matches (pages,
# documents); a cluster does it over all matches.
MAX_HITS = 1000

# Column weights of bm25() over the full-text table's columns (autocomplete, body,
# title): a word in the title counts three times a word in the text.
SQLITE_BM25_WEIGHTS = (0.0, 1.0, 3.0)

# How many of the best title matches the SQLite autocomplete ranks first (see
# _best_candidates): enough that hidden pages and equal scores rarely need all matches.
AUTOCOMPLETE_CANDIDATES = 100


def database_query(words, language):
    """Every word must match in one of its forms (AND of ORs)."""
    parts = []
    for word in words:
        forms = [PlainText(form) for form in word_forms(word, language)]
        parts.append(forms[0] if len(forms) == 1 else Or(forms))
    return parts[0] if len(parts) == 1 else And(parts)


def ranked_hits(backend, words, queryset, language):
    """The database backend's best MAX_HITS matches: ([(pk, content type id, score)],
    total), best first, higher score better. `total` is exact up to MAX_HITS; above, it is
    MAX_HITS + 1 (the page says "more than"), which spares a second full-text run.

    The exact words first; then, below them, what only the compound tier finds (one more
    query, skipped when the exact words fill MAX_HITS already)."""
    hits, total = ranked_matches(backend, database_query(words, language), queryset)
    compounds = database_compound_query(words, language)
    if compounds is None or total > MAX_HITS:
        return hits, total
    more, more_total = ranked_matches(backend, compounds, queryset)
    return below_exact(hits, more, more_total)


def below_exact(exact, more, more_total):
    """The exact hits, then the other hits of the compound tier (a superset of the exact
    ones), their scores scaled below the lowest exact score."""
    seen = {(pk, content_type) for pk, content_type, _score in exact}
    added = [hit for hit in more if (hit[0], hit[1]) not in seen]
    if exact and added:
        ceiling = min(score for _pk, _ct, score in exact) / 2
        best = max(score for _pk, _ct, score in added) or 1
        added = [(pk, ct, score / best * ceiling) for pk, ct, score in added]
    hits = exact + added
    total = len(hits) if more_total <= MAX_HITS else MAX_HITS + 1
    return hits[:MAX_HITS], max(total, len(exact))


def ranked_matches(backend, query, queryset):
    """The best MAX_HITS matches of one modelsearch query, and their number (see
    ranked_hits)."""
    if connection.vendor == "sqlite" and hasattr(backend.query_compiler_class, "FTS_TABLE_FIELDS"):
        return sqlite_ranked_hits(backend, query, queryset)
    if connection.vendor == "postgresql":
        return postgres_ranked_hits(backend, query, queryset)
    # MySQL: the backend's own ranking, which has no such quadratic step.
    results = backend.search(query, queryset)
    best = results.annotate_score("_score")[: MAX_HITS + 1]
    rows = list(best.get_queryset().values_list("pk", "_score"))
    total, rows = len(rows), rows[:MAX_HITS]
    content_types = {}
    if issubclass(queryset.model, Page):
        pks = [pk for pk, _score in rows]
        content_types = dict(Page.objects.filter(pk__in=pks).values_list("pk", "content_type_id"))
    return [(pk, content_types.get(pk), score or 0) for pk, score in rows], total


def visible_among(queryset, object_id="index_entry__object_id"):
    """The condition that a full-text match is one of the objects of `queryset`, checked
    per match by primary key: SQLite would otherwise build the list of every visible
    object's id as text for each query (10 ms at 10,000 pages, whatever the query)."""
    return Exists(queryset.order_by().filter(pk=Cast(OuterRef(object_id), IntegerField())))


def postgres_ranked_hits(backend, query, queryset):
    """PostgreSQL: ranked as the backend ranks, through a filter its indexes answer.

    The backend keeps the entries whose title and body together match the query,
    `(title || body) @@ query`, which no index answers: every visible object's entry was
    read for each search (0.6 s at 10,000 pages). Here an entry must first have each
    word of the query in its title or its body (title_or_body_match: the GIN index of
    each column answers that), then match the whole query as in the backend; the score
    is the backend's rank expression (a private method of its compiler, used knowingly),
    ties newest object first as in the backend."""
    compiler = backend.query_compiler_class(queryset, one_query_per_word(query, backend.config))
    config = compiler.get_config(backend)
    whole = compiler.build_tsquery(compiler.query, config=config)
    # The backend's index vectors (get_index_vectors), read on the entry itself.
    vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
    entries = (
        get_app_config()
        .get_model("IndexEntry")
        .objects.filter(content_type_id__in=get_descendants_content_types_pks(queryset.model))
        .annotate(_vector=F("title")._combine(F("body"), "||", False))
        .filter(_vector=whole)
        .filter(visible_among(queryset, "object_id"))
    )
    candidates = title_or_body_match(
        compiler.query, lambda part: compiler.build_tsquery(part, config=config)
    )
    if candidates is not None:
        entries = entries.filter(candidates)
    rows = list(
        entries.annotate(
            score=compiler._build_rank_expression(vectors, config),
            object_pk=Cast("object_id", IntegerField()),
        )
        .order_by("-score", "-object_pk")
        .values_list("object_pk", "content_type_id", "score")[: MAX_HITS + 1]
    )
    total = len(rows)  # MAX_HITS + 1 says "more than MAX_HITS"
    return [(pk, content_type, score or 0) for pk, content_type, score in rows][:MAX_HITS], total


def title_or_body_match(query, tsquery):
    """A filter that the GIN indexes of the title and the body answer and that keeps at
    least every entry whose title and body together match `query`: each word of an AND
    in the title or in the body, one part of an OR. None where it cannot narrow (a Not).
    `tsquery` makes the tsquery of one part."""
    if isinstance(query, PlainText):
        # Split as the backend splits a query into words (build_tsquery_content).
        words = [word for word in re.split(r"[\s\-]+", query.query_string) if word]
        if query.operator == "and" and len(words) > 1:
            return title_or_body_match(And([PlainText(word) for word in words]), tsquery)
        match = tsquery(query)
        return Q(title=match) | Q(body=match)
    if isinstance(query, And | Or):
        parts = [title_or_body_match(part, tsquery) for part in query.subqueries]
        if isinstance(query, And):
            parts = [part for part in parts if part is not None]
            return reduce(operator.and_, parts) if parts else None
        return None if None in parts else reduce(operator.or_, parts)
    return None


def sqlite_ranked_hits(backend, query, queryset):
    """The SQLite FTS5 search of Wagtail's database backend, ranked in one query.

    The backend's own search annotates each match with its score through a correlated
    subquery that runs the full-text match again for every row: quadratic in the number
    of matches (seconds at a few thousand pages). Here the backend's match expression
    runs once, bm25() is computed once per row (with column weights), restricted to the
    visible objects, sorted and cut by SQLite.
    """
    # The SQLite backend's modules and its full-text table's model exist on SQLite only
    # (importing them elsewhere fails): imported and looked up here, where SQLite runs.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

    fts_entry = get_app_config().get_model("SQLiteFTSIndexEntry")
    compiler = backend.query_compiler_class(queryset, query)
    match = MatchExpression(
        compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalize(compiler.query))
    )
    table = fts_entry._meta.db_table
    weights = ", ".join(str(weight) for weight in SQLITE_BM25_WEIGHTS)
    matches = (
        fts_entry.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(queryset.model),
        )
        .filter(visible_among(queryset))
    )
    rows = list(
        matches.annotate(score=RawSQL(f"bm25({table}, {weights})", [], output_field=FloatField()))
        .order_by("score")
        .values_list("index_entry__object_id", "index_entry__content_type_id", "score")[
            : MAX_HITS + 1
        ]
    )
    total = len(rows)  # MAX_HITS + 1 says "more than MAX_HITS": no second full-text run
    # bm25() is negative, lower is better.
    hits = [(int(pk), content_type, -(score or 0)) for pk, content_type, score in rows]
    return hits[:MAX_HITS], total


def completions(backend, query, queryset, limit):
    """The backend's autocomplete of `query` among `queryset`: its first `limit` objects,
    best first."""
    compiler_class = backend.autocomplete_query_compiler_class
    if connection.vendor == "sqlite" and hasattr(compiler_class, "FTS_TABLE_FIELDS"):
        found = sqlite_completions(backend, query, queryset, limit)
        if found is not None:
            return found
    return list(backend.autocomplete(query, queryset)[:limit])


def sqlite_completions(backend, query, queryset, limit):
    """Wagtail's SQLite autocomplete in the backend's own order (bm25, then the newest
    object), from the best candidates of the full-text index alone where they decide it,
    else in one query over all matches: the backend ranks through a subquery per match,
    which takes longer the more titles begin with the letters typed. None where the
    query is not a plain match (the backend answers then)."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

    compiler = backend.autocomplete_query_compiler_class(queryset, query)
    compiler.check()
    normalized = normalize(compiler.query)
    if isinstance(normalized, (MatchAll, Not)) or not compiler.search_fields:
        return None
    config = compiler.get_config(backend)
    search_query = compiler.build_search_query(normalized, config=config)
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    fts_entry = get_app_config().get_model("SQLiteFTSIndexEntry")
    content_types = get_descendants_content_types_pks(queryset.model)
    pks = _best_candidates(fts_entry.objects.filter(match), rank, content_types, queryset, limit)
    if pks is None:
        pks = list(
            fts_entry.objects.filter(match)
            .filter(index_entry__content_type__in=content_types)
            .filter(visible_among(queryset))
            .annotate(score=rank, object_pk=Cast("index_entry__object_id", IntegerField()))
            .order_by("score", "-object_pk")
            .values_list("object_pk", flat=True)[:limit]
        )
    objects = queryset.in_bulk(pks)
    return [objects[pk] for pk in pks if pk in objects]


def _best_candidates(matches, rank, content_types, queryset, limit):
    """The first `limit` object ids of the autocomplete's order, found among the
    AUTOCOMPLETE_CANDIDATES best scores of the full-text index alone, or None where
    these do not decide them. Joining every match to its object costs about 10 ms when
    thousands of titles begin with the letters typed; the index alone ranks them in a
    few. A match that is not a candidate scores no better than the last candidate: the
    visible candidates that score better than that one come first of all matches."""
    scored = list(
        matches.annotate(score=rank)
        .order_by("score")
        .values_list("pk", "score")[:AUTOCOMPLETE_CANDIDATES]
    )
    scores = dict(scored)
    entries = (
        get_app_config()
        .get_model("IndexEntry")
        .objects.filter(pk__in=list(scores), content_type__in=content_types)
        .filter(visible_among(queryset, "object_id"))
        .values_list("pk", "object_id")
    )
    ranked = sorted((scores[entry], -int(object_id)) for entry, object_id in entries)
    if len(scored) == AUTOCOMPLETE_CANDIDATES:  # more matches may follow the last one
        ranked = [pair for pair in ranked if pair[0] < scored[-1][1]]
        if len(ranked) < limit:
            return None
    return [-negated_pk for _score, negated_pk in ranked[:limit]]


def merge_by_score(pages, documents):
    """One relevance order for pages and documents: scores of different indexes are not
    comparable, their share of the best score of their kind is."""

    def normalised(hits):
        best = max((h.score for h in hits), default=0) or 1
        return [(h.score / best, h) for h in hits]

    merged = normalised(pages) + normalised(documents)
    merged.sort(key=lambda pair: (-pair[0], pair[1].kind != "page"))
    return [hit for _score, hit in merged]


def one_query_per_word(query, config=None):
    """The spellings of each word (word_forms) as one OR query instead of one query per
    spelling, one spelling per stem (one_per_stem). PostgreSQL's backend ranks every query
    of an Or apart (a ts_rank per spelling and column: a German word's nine spellings
    made a statement that took Django longer to compile than PostgreSQL to run) and
    stems what it matches, so one OR of the spellings finds the same pages. Spellings
    with a separator ("e-id", split by the backend into words that must all match) stay
    queries of their own."""
    if isinstance(query, And):
        return And([one_query_per_word(part, config) for part in query.subqueries])
    if isinstance(query, Or):
        parts = [one_query_per_word(part, config) for part in query.subqueries]
        single = [
            part.query_string
            for part in parts
            if isinstance(part, PlainText) and part.boost == 1 and part.query_string.isalnum()
        ]
        if len(single) > 1:
            others = [
                part
                for part in parts
                if not (isinstance(part, PlainText) and part.query_string in single)
            ]
            merged = PlainText(" ".join(one_per_stem(single, config)), operator="or")
            return merged if not others else Or([merged, *others])
        return Or(parts)
    return query


# The stem of each spelling, by text search configuration, as PostgreSQL derives it;
# bounded, as visitors choose the words.
_STEMS = {}
_STEMS_LIMIT = 20_000


def one_per_stem(spellings, config):
    """The first of the spellings with the same stem: "zugriffsmanagement",
    "zugriffsmanagements", "zugriffsmanagementen" … are one term for PostgreSQL. The same
    term eight times in a tsquery made the planner expect eight times its matches and
    read every entry instead of the GIN indexes (one query at 10,000 pages: 63 ms
    instead of 12); the matches and ts_rank's scores do not change."""
    if connection.vendor != "postgresql":
        return spellings
    stems = {spelling: _STEMS.get((config, spelling)) for spelling in spellings}
    missing = [spelling for spelling, stem in stems.items() if stem is None]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT spelling, to_tsvector(COALESCE(%s::regconfig, "
                "get_current_ts_config()), spelling)::text FROM unnest(%s::text[]) AS spelling",
                [config, missing],
            )
            found = dict(cursor.fetchall())
        stems.update(found)
        if len(_STEMS) > _STEMS_LIMIT:
            _STEMS.clear()
        _STEMS.update(((config, spelling), stem) for spelling, stem in found.items())
    first = {}
    for spelling in spellings:
        first.setdefault(stems[spelling], spelling)
    return list(first.values())
