"""Translations of the demo content into fr, en and it, made through wagtail-localize.

Each translation is a real wagtail-localize translation linked to its German source: the
builder creates the Translation, imports the translated strings as a PO file (the same path
an external translator's file takes) and saves the target. The strings come from
home/demo/translations/<language>.json, which mirrors the German demo files field by field;
they are matched to the source's segments by building a "translated twin" of the source
object in memory and extracting its segments at the same paths.
"""

from collections import defaultdict
from pathlib import Path

import polib
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

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


def translate(instance, locale, apply_translation):
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


def translated_stream(source_value, translated_blocks, to_stream_data):
    """StreamField data in the translated language that keeps the source's block ids."""
    data = to_stream_data(translated_blocks)
    raw = list(source_value.raw_data)
    if len(raw) != len(data):
        return source_value.raw_data
    return [{**block, "id": original["id"]} for block, original in zip(data, raw, strict=True)]


def available_locales():
    codes = sorted(p.stem for p in TRANSLATIONS_DIR.glob("*.json"))
    return list(Locale.objects.filter(language_code__in=codes))


def _fields(values, names):
    """An apply_translation callable that sets the given plain fields."""

    def apply(twin):
        for name in names:
            if values.get(name) is not None:
                value = values[name]
                setattr(twin, name, "\n".join(value) if isinstance(value, list) else value)

    return apply


def _page_fields(values, names, body_field="body"):
    """Plain fields plus a StreamField body that keeps the source's block ids."""
    from home.demo.builder import stream_blocks

    set_fields = _fields(values, names)

    def apply(twin):
        set_fields(twin)
        if "body" in values:
            source_value = getattr(twin, body_field)
            setattr(
                twin, body_field, translated_stream(source_value, values["body"], stream_blocks)
            )

    return apply


def _with_children(apply_page, relation, translated_children, child_fields):
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


def translate_site(builder):
    """Translate the demo site into every language that has a translations file."""
    for locale in available_locales():
        translate_language(builder, locale)


def translate_language(builder, locale):
    from home.demo.builder import load_json

    data = load_json(f"translations/{locale.language_code}.json")
    builder.log(f"  Übersetzung {locale.language_code} …")
    for slug, topic in builder.topics.items():
        if slug in data["topics"]:
            translate(topic, locale, _fields(data["topics"][slug], ["name", "description"]))
    translate(builder.person, locale, _fields(data["person"], ["role", "organisation"]))
    translate(builder.footer_text, locale, _fields({"body": data["footer"]}, ["body"]))

    home_fields = [
        "title",
        "hero_title",
        "intro",
        "feedback_call",
        "strategy_teaser_title",
        "strategy_teaser_text",
    ]
    translate(builder.home, locale, _fields(data["home"], home_fields))
    for slug, page in builder.standard_pages.items():
        values = data["standard_pages"].get(slug)
        if values:
            translate(page, locale, _page_fields(values, ["slug", "title", "intro"]))
    for key, page in [
        ("news_index", builder.news_index_page),
        ("strategy_index", builder.strategy_index),
        ("project_index", builder.project_index),
    ]:
        translate(page, locale, _fields(data[key], ["slug", "title", "intro"]))
    if builder.feedback:
        translate(
            builder.feedback,
            locale,
            _fields(data["feedback_page"], ["slug", "title", "intro", "thank_you_text"]),
        )

    for slug, page in builder.strategies.items():
        values = data["strategies"].get(slug)
        if values:
            translate(
                page,
                locale,
                _with_children(
                    _page_fields(values, ["slug", "title", "summary"]),
                    "focus_areas",
                    values.get("focus_areas", []),
                    ["title", "description"],
                ),
            )
    for slug, page in builder.projects.items():
        values = data["projects"].get(slug)
        if values:
            translate(
                page,
                locale,
                _with_children(
                    _page_fields(values, ["slug", "title", "teaser", "partners"]),
                    "milestones",
                    values.get("milestones", []),
                    ["title"],
                ),
            )
    for slug, (page, _entry) in builder.news_pages.items():
        values = data["news"].get(slug)
        if values:
            translate(page, locale, _page_fields(values, ["slug", "title", "teaser"]))
