"""German compound words: one dictionary of word parts, and a splitter that uses it.

Pure Python (no models, no settings). The search node gets the same dictionary for its
`dictionary_decompounder` (search/index_settings.py); the splitter here serves the
backends that cannot split (SQLite, PostgreSQL) and the queries of every backend
(the node splits only the indexed text). Why a dictionary of our own and not a package
from PyPI: docs/search.md, "Compound words (decision)".

Parts come folded as the index folds words (lower case, German2 umlaut folding: "ä" and
"ae" → "a", "ß" → "ss", accents removed), so "Steuererklärung" and "Steuererklaerung"
give the same parts.
"""

from home.text import fold_accents
from search.text import german_fold

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
""".split()


def fold_word(word):
    """A word as the index compares it: lower case, umlauts and accents folded."""
    return fold_accents(german_fold(word.casefold()))


def folded_compound_parts():
    """The dictionary in the form the node's decompounder sees the words: it runs after
    lower-casing, `german_normalization` and ASCII folding."""
    words = {fold_word(word) for word in GERMAN_COMPOUND_PARTS}
    return sorted(w for w in words if w.isalpha() and len(w) >= 3)
