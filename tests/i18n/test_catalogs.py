"""The UI message catalogues: complete, compiled, and in step with the code."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

LANGUAGES = ["fr", "it", "en"]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def catalogue(language):
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert "fuzzy" not in po.metadata_as_entry().flags


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    for entry in catalogue(language).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            expected = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            assert set(PLACEHOLDER.findall(text)) <= expected | set(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"run `make messages`: {entry.msgid}"


def test_catalogue_contains_every_string_of_the_code(tmp_path, monkeypatch):
    assert shutil.which("xgettext"), "gettext is needed: apt-get install gettext"
    monkeypatch.chdir(settings.BASE_DIR)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command(
            "makemessages",
            locale=["fr"],
            ignore_patterns=[".venv", "static", "media"],
            no_obsolete=True,
            verbosity=0,
        )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(tmp_path / "fr/LC_MESSAGES/django.po"))}
    committed = {(e.msgctxt, e.msgid) for e in catalogue("fr") if not e.obsolete}
    assert sorted(m for _c, m in fresh - committed) == [], "run `make messages` and translate"
