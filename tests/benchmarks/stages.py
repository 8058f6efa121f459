"""Where a search spends its time, measured from outside the search code: the benchmark
wraps the functions of each stage while it runs (nothing of this exists in production).

Each stage gets its own time only: a stage that calls another (loading calls the
snippets) does not count the inner one's time again.
"""

import time
from contextlib import ExitStack, contextmanager
from unittest import mock

from search import engines, facets, finders, results, service

# stage: [(owner, attribute name)] of the functions that do its work.
STAGES = {
    "lookups": [
        (service, "searchable_document_ids"),
        (service, "promotions"),
        (service, "quick_links"),
    ],
    "backend": [
        (finders, "ranked_hits"),
        (engines.LanguageBackendMixin, "faceted_search"),
    ],
    "facets": [
        (facets, "add_facet_values"),
        (facets, "count_facets"),
        (facets, "facet_choices"),
    ],
    "loading": [
        (service, "load_results"),
        (facets, "page_facts"),
        (service, "add_document_dates"),
    ],
    "snippets": [
        (results, "_snippet"),
        (results, "_body_texts"),
        (results, "highlight"),
    ],
}


class StageClock:
    def __init__(self):
        self.totals = {name: 0.0 for name in STAGES}
        self._stack = []

    def timed(self, stage, function):
        clock = self

        def wrapper(*args, **kwargs):
            clock._stack.append(0.0)  # time of the stages called from this one
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = clock._stack.pop()
                clock.totals[stage] += elapsed - inner
                if clock._stack:
                    clock._stack[-1] += elapsed

        return wrapper

    @contextmanager
    def running(self):
        """Wrap every stage function while the block runs."""
        with ExitStack() as stack:
            for stage, functions in STAGES.items():
                for owner, name in functions:
                    if hasattr(owner, name):
                        original = getattr(owner, name)
                        stack.enter_context(
                            mock.patch.object(owner, name, self.timed(stage, original))
                        )
            yield self

    def reset(self):
        self.totals = {name: 0.0 for name in STAGES}
