"""What the benchmarks (`make bench`, `make bench-search`) share: a generator of German
text about the communes' e-government, and corpus building without indexing every page
as it is created."""

import logging
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save

SUBJECTS = [
    "Die Gemeinde",
    "Der Kanton",
    "Der Verband Luzerner Gemeinden",
    "Die Fachstelle E-Government",
    "Die Einwohnerkontrolle",
    "Das Steueramt",
    "Die Gemeindeverwaltung",
    "Die Bauverwaltung",
    "Der Gemeinderat",
    "Die Sozialhilfe",
]
VERBS = [
    "digitalisiert",
    "vereinfacht",
    "prüft",
    "erneuert",
    "veröffentlicht",
    "betreibt",
    "plant",
    "beschafft",
    "koordiniert",
    "misst",
]
OBJECTS = [
    "die Steuererklärung im Internet",
    "den elektronischen Umzug",
    "die Baubewilligung",
    "das Grundbuch",
    "den Onlineschalter",
    "die Schnittstellen zu den Fachapplikationen",
    "die Gebühren der Ämter",
    "den Datenschutz",
    "die Informationssicherheit",
    "den Abfallkalender",
    "die Gemeindeversammlung",
    "die E-ID",
    "die Archivierung der Akten",
    "die Zustellung der Stimmunterlagen",
    "die Geschäftsverwaltung",
]
DETAILS = [
    "für alle Einwohnerinnen und Einwohner",
    "gemeinsam mit dem Kanton",
    "in mehreren Gemeinden",
    "nach der Vernehmlassung",
    "im Rahmen der Digitalstrategie",
    "mit einem neuen Portal",
    "bis Ende Jahr",
    "als Pilotprojekt",
]


def sentence(rng):
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(DETAILS)}."
    )


def text(rng, sentences):
    return " ".join(sentence(rng) for _ in range(sentences))


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def no_automatic_indexing():
    """The corpus is indexed once, by the measured full build, not page by page."""
    from modelsearch import signal_handlers
    from modelsearch.index import get_indexed_models
    from wagtail.signal_handlers import disable_reference_index_auto_update

    logging.getLogger("wagtail").setLevel(logging.WARNING)  # no line per created page
    models = get_indexed_models()
    for model in models:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)
    from search import signals

    signals.disconnect()
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        signal_handlers.register_signal_handlers()
        signals.connect()
