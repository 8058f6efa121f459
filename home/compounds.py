"""German compound words: one dictionary of word parts, and a splitter that uses it.

Pure Python (no models, no settings), in `home` because the pages' search field of
compound parts (`SitePageMixin.search_compound_parts`) needs it and `home` imports no
other app; search/compounds.py builds the queries from it. Every backend gets the same
parts: the pages index them (marked, see COMPOUND_PART_MARK) and the queries of every
backend are expanded with them. Why a dictionary of our own and not a package from
PyPI: docs/search.md, "Compound words (decision)".

Parts come folded as the index folds words (lower case, German2 umlaut folding: "ä" and
"ae" → "a", "ß" → "ss", accents removed), so "Steuererklärung" and "Steuererklaerung"
give the same parts.
"""

import functools
import re

from home.text import fold_text

# Parts of German compounds of the site's vocabulary (administration, e-government,
# communes), and compounds that are themselves parts of longer ones ("Steuererklärung" in
# "Internetsteuererklärung"). Order does not matter; the analyzer gets them folded.
GERMAN_COMPOUND_PARTS = """
    baubewilligung bewilligungsverfahren dienstleistung einwohnerdienste
    einwohnerkontrolle einwohnerregister gemeindeverwaltung gemeindeversammlung
    geschäftsverwaltung grundbuch informationssicherheit onlineschalter
    schnittstelle steuererklärung steuerverwaltung stimmregister verwaltungsverfahren
    abfall abgabe abrechnung abstimmung adresse akte amt ämter angebot anlage anmeldung
    antrag arbeit archiv ausweis auskunft auftrag ausbau austausch authentifizierung
    bau baugesuch beratung bericht beschaffung bestand betreibung betrieb bevölkerung
    bewilligung bezug bildung bürger bund buchhaltung cloud daten datenschutz dienst
    dienstleistung digital dokument dossier e-government einwohner einwohnerin
    einführung energie entwicklung erklärung fach fall feuerwehr finanz finanzen form
    formular forum frage führung gebühr gemeinde gemeinderat gemeinden gesetz gesuch
    geschäft gesundheit grund grundbuch haushalt hilfe identität information informatik
    infrastruktur internet kanton kantons kasse katalog kontrolle konto kosten kultur
    kunde land lösung leistung lizenz mail meldung miete mitteilung modell netz netzwerk
    nummer objekt online ordnung organisation papier partner person personal plan
    planung plattform politik portal post präsidium programm projekt protokoll prozess
    prüfung rat raum recht rechnung register regierung reglement rente schalter schule
    schutz sicherheit signatur software sozial sozialhilfe stadt stand standard stelle
    steuer steuern strasse strategie system technik telefon termin umsetzung umwelt
    unterlagen unterstützung verband verbund verein verfahren verfügung verkehr
    vernehmlassung versammlung versand versicherung vertrag verwaltung verzeichnis
    volk vorlage wahl wahlen wasser weg welt werk wesen wirtschaft wohnung zahlung
    zentrum zugang zusammenarbeit zustellung
    basis behörde departement digitalisierung erfahrung gremium initiative jahr
    konferenz leitung login management optimierung pilot rahmen schlüssel schreiber
    service sicherung steuerung test transaktion umzug vereinbarung zugriff
""".split()


def folded_compound_parts():
    """The dictionary in the form the node's decompounder sees the words: it runs after
    lower-casing, `german_normalization` and ASCII folding."""
    words = {fold_text(word) for word in GERMAN_COMPOUND_PARTS}
    return sorted(w for w in words if w.isalpha() and len(w) >= 3)


# Letters between two parts: a linking "s"/"es" is dropped from the part ("Umzugs-" →
# umzug), the plural-like "n", "en", "e" stay as written ("Gemeinde-", "Behörden-").
_DROPPED_LINKS = ("es", "s")
_KEPT_LINKS = ("en", "n", "e")
# Inflection endings of the last part: "Gemeindeverwaltungen", "Zugriffsrechte".
_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern", "in", "innen")
MIN_PART = 3  # as the node's min_subword_size
MIN_WORD = 6  # as the node's min_word_size: shorter words are never split
_SEPARATORS = re.compile(r"[\W_]+")
# A capital inside a word starts a new piece: "eUmzug", "eUmzugLUAgglo" (LU, Agglo).
_CAMEL_CASE = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])|(?<=[A-ZÄÖÜ])(?=[A-ZÄÖÜ][a-zäöüß])")


@functools.cache
def _dictionary():
    return frozenset(folded_compound_parts())


def _leading_part(word, start, end):
    """How word[start:end] can stand before another part: a known part, perhaps with a
    linking element (a dropped "s" first: "kantons" → kanton)."""
    known = _dictionary()
    piece = word[start:end]
    options = []
    for link in (*_DROPPED_LINKS, "", *_KEPT_LINKS):
        stem = piece[: len(piece) - len(link)] if link else piece
        if piece.endswith(link) and len(stem) >= MIN_PART and stem in known:
            options.append(stem if link in _DROPPED_LINKS else piece)
    return options


@functools.lru_cache(maxsize=20_000)
def _best_split(word):
    """The split of a folded word into the most dictionary parts, or None. Every part but
    the last may carry a linking element, the last an inflection ending."""
    known = _dictionary()
    # best[i]: the best list of parts that covers word[:i], or None.
    best = [None] * (len(word) + 1)
    best[0] = []
    for end in range(MIN_PART, len(word) + 1):
        for start in range(0, end - MIN_PART + 1):
            if best[start] is None:
                continue
            if end == len(word):
                candidates = [
                    word[start:]
                    for ending in _ENDINGS
                    if word.endswith(ending)
                    and len(word) - len(ending) - start >= MIN_PART
                    and word[start : len(word) - len(ending)] in known
                ]
            else:
                candidates = _leading_part(word, start, end)
            if candidates:
                parts = [*best[start], candidates[0]]
                if best[end] is None or len(parts) > len(best[end]):
                    best[end] = parts
    return best[len(word)]


def split_compound(word):
    """The parts of a German word, folded ("Internetsteuererklärung" → ["internet",
    "steuer", "erklarung"]); a word that is no compound of known parts comes back alone
    (["steuerung"]). Separators and a capital inside a word split too
    ("Einwohnerportal_LU" → einwohner, portal, lu; "eUmzugLU" → umzug, lu)."""
    parts = []
    pieces = [p for p in _SEPARATORS.split(fold_text(_CAMEL_CASE.sub(" ", word))) if p]
    for piece in pieces:
        if len(piece) < 2 and len(pieces) > 1:
            continue  # the "e" of "eUmzug"
        split = _best_split(piece) if len(piece) >= MIN_WORD and piece.isalpha() else None
        parts.extend(split if split and len(split) > 1 else [piece])
    return parts


def expand_query_terms(terms):
    """The query's terms, then the parts of its compounds that are not terms already:
    the backends rank the parts below the terms ("Gemeindedigitalisierung" → that word,
    then gemeinde, digitalisierung)."""
    expanded = list(terms)
    seen = {fold_text(term) for term in terms}
    for term in terms:
        for part in split_compound(term):
            if part not in seen:
                seen.add(part)
                expanded.append(part)
    return expanded


# Parts are indexed with this prefix ("umzugsmeldung" → "qxumzug qxmeldung"), so that
# the plain words of a query never match them: a search finds the exact words first and
# the parts in a second, lower tier (search/compounds.py). Letters only, so that every
# tokenizer (SQLite FTS5, PostgreSQL, the node's standard tokenizer) keeps it one word.
COMPOUND_PART_MARK = "qx"
# A word of the text, with the separators inside it that split_compound() cuts at
# ("Einwohnerportal_LU", "my.lu.ch"); a full stop at the end of a sentence is not taken.
_TEXT_WORD = re.compile(r"\w+(?:[.]\w+)*")


def marked(part):
    return COMPOUND_PART_MARK + part


@functools.lru_cache(maxsize=50_000)
def _parts_of_text_word(word):
    """The parts of a word of an indexed text, () if it is not split (remembered: texts
    repeat their words, and folding costs more than the lookup)."""
    if len(word) < MIN_WORD and word.isalpha():
        return ()
    split = split_compound(word)
    return tuple(split) if split != [fold_text(word)] else ()


def compound_parts_text(texts):
    """The marked parts of the compounds (and separated words) of some texts, each part
    once, as one string for a search field; words that are not split add nothing."""
    parts = {}
    for text in texts:
        for word in _TEXT_WORD.findall(text):
            split = _parts_of_text_word(word)
            if split:
                parts.update(dict.fromkeys(split))
    return " ".join(marked(part) for part in parts)
