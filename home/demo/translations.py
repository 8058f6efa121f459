"""Translations of the demo content into fr, en and it, made through wagtail-localize.

Each translation is a real wagtail-localize translation linked to its German source: the
builder creates the Translation, imports the translated strings as a PO file (the same path
an external translator's file takes) and saves the target. The strings come from each app's
<app>/demo/translations/<language>.json, which mirrors the app's German demo files field by
field; they are matched to the source's segments by building a "translated twin" of the
source object in memory and extracting its segments at the same paths. The languages are
those of home's files (home/demo/translations/).
"""

from collections import defaultdict
from pathlib import Path

import polib
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from home.demo.content import load_json, stream_blocks

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def _strings_by_path(instance):
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def translation_po(source_instance, twin):
    """A PO file whose entries map each source string to the twin's string at the same path."""
    source_strings = _strings_by_path(source_instance)
    twin_strings = _strings_by_path(twin)
    po = polib.POFile()
    for path, originals in source_strings.items():
        translated = twin_strings.get(path, [])
        if len(translated) != len(originals):
            continue  # structure differs: leave these strings to the German fallback
        for original, text in zip(originals, translated, strict=True):
            if text and text != original:
                po.append(polib.POEntry(msgid=original, msgctxt=path, msgstr=text))
    return po


def translate_instance(instance, locale, apply_translation):
    """Translate instance into locale unless a translation exists; return the target.

    apply_translation(twin) writes the translated field values onto an in-memory copy of the
    source that keeps its structure (StreamField block ids, child objects).
    """
    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        return existing, False
    twin = type(instance).objects.get(pk=instance.pk)
    apply_translation(twin)
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    po = translation_po(instance, twin)
    po.metadata = {"X-WagtailLocalize-TranslationID": str(translation.uuid)}
    translation.import_po(po, tool_name="vlgsite demo content")
    translation.save_target(publish=True)
    return instance.get_translation(locale), True


def translated_stream(source_value, translated_blocks):
    """StreamField data in the translated language that keeps the source's block ids."""
    data = stream_blocks(translated_blocks)
    raw = list(source_value.raw_data)
    if len(raw) != len(data):
        return source_value.raw_data
    return [{**block, "id": original["id"]} for block, original in zip(data, raw, strict=True)]


def available_locales():
    codes = sorted(p.stem for p in TRANSLATIONS_DIR.glob("*.json"))
    return list(Locale.objects.filter(language_code__in=codes))


def load_translations(demo_dir, locale):
    """An app's translated strings for this locale (from its demo/translations/ folder)."""
    return load_json(demo_dir / "translations", f"{locale.language_code}.json")


def fields(values, names):
    """An apply_translation callable that sets the given plain fields."""

    def apply(twin):
        for name in names:
            if values.get(name) is not None:
                value = values[name]
                setattr(twin, name, "\n".join(value) if isinstance(value, list) else value)

    return apply


def page_fields(values, names, body_field="body"):
    """Plain fields plus a StreamField body that keeps the source's block ids."""
    set_fields = fields(values, names)

    def apply(twin):
        set_fields(twin)
        if "body" in values:
            source_value = getattr(twin, body_field)
            setattr(twin, body_field, translated_stream(source_value, values["body"]))

    return apply


def with_children(apply_page, relation, translated_children, child_fields):
    """Also translate inline child objects (focus areas, milestones) position by position."""

    def apply(twin):
        apply_page(twin)
        children = list(getattr(twin, relation).all())
        if len(children) != len(translated_children):
            return
        for child, values in zip(children, translated_children, strict=True):
            for name in child_fields:
                if values.get(name):
                    setattr(child, name, values[name])
        setattr(twin, relation, children)

    return apply
