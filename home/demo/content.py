"""What every app's demo builder shares: reading its JSON files, turning their block lists
into StreamField data, and the state of one build (`DemoContent`).

Every object is looked up by a natural key (a slug under its parent, a name) and only
created when it is missing, so building twice changes nothing.
"""

import json
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelcluster.fields import ParentalManyToManyField
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Locale


def load_json(directory, name):
    with (directory / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@contextmanager
def search_index_paused():
    """Skip the search index update on every save while building; the build updates the
    index once at the end, which is much faster than ~1000 single updates."""
    models = [m for m in get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def stream_blocks(blocks):
    """Turn the demo files' simple block list into StreamField data."""
    data = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            data.append({"type": "paragraph", "value": block["html"]})
        elif kind == "heading":
            data.append(
                {
                    "type": "heading",
                    "value": {"text": block["text"], "level": block.get("level", "h2")},
                }
            )
        elif kind == "quote":
            data.append(
                {
                    "type": "quote",
                    "value": {"text": block["text"], "attribution": block.get("attribution", "")},
                }
            )
        elif kind == "table":
            data.append(
                {
                    "type": "table",
                    "value": {
                        "caption": block["caption"],
                        "table": {
                            "data": [block["header"], *block["rows"]],
                            "first_row_is_table_header": True,
                            "first_col_is_header": False,
                            "table_header_choice": "row",
                        },
                    },
                }
            )
        else:
            raise ValueError(f"Unknown demo block type: {kind}")
    return data


class DemoContent:
    """One build of the demo site, handed to every app's demo hooks.

    home's builder sets `home`, `topics`, `person` (the parent and the shared snippets the
    other apps use); an app sets what it built as attributes for the apps built after it
    (strategy: `projects`, which news link to). `featured_pages` and `strategy_page` are
    what the home page shows of the other apps' content.
    """

    def __init__(self, log=print):
        self.log = log
        self.created = 0
        self.locale = Locale.get_default()
        self.featured_pages = []
        self.strategy_page = None

    def count(self, created):
        self.created += created

    def child_page(self, parent, model, slug, **fields):
        """Return the published child page with this slug, creating it if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing, False
        # Many-to-many values can only be set once the page has a primary key.
        many_to_many = {
            name: fields.pop(name)
            for name in list(fields)
            if isinstance(model._meta.get_field(name), ParentalManyToManyField)
        }
        tags = fields.pop("tags", None)
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        for name, values in many_to_many.items():
            getattr(page, name).set(values)
        if tags:
            page.tags.add(*tags)
        page.save_revision().publish()
        self.created += 1
        self.log(f"  + {model._meta.verbose_name}: {page.title}")
        return page, True
