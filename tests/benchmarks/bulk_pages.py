"""Writing many published pages at once, as Wagtail would have saved them one by one.

`Page.add_child` saves a page with several queries (the tree, the parent's child count,
the revision, the search index): 21 000 pages took 25 minutes. The writer here computes
what those queries would have written and inserts it in batches:

- the tree (treebeard's materialised path): path, depth and numchild from the parent's
  last child; url_path from the parent's;
- ids given in advance, so that each page is written with its revision (latest and live
  revision, the page's own serialised content, as the editor opens it);
- every table of the page's model (wagtailcore_page, then the model's own table) and its
  many-to-many links (topics);
- the search index by each backend's own bulk indexing (`add_items`, as `update_index`
  calls it), one batch of pages of one model at a time, from the objects in memory.

Signals are not sent: the caller disables automatic indexing (corpus.no_automatic_indexing).
"""

import time
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import F, Max
from django.db.models.signals import pre_save
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import Page, Revision

BATCH = 2000  # pages held in memory before they are written


def next_id(model):
    return (model.objects.aggregate(highest=Max("id"))["highest"] or 0) + 1


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model, objs):
    """INSERT the model's own columns (not its parents') of these objects in batches.
    Django's bulk_create refuses models with parent tables (every page model); this is
    the insert it makes for each of the tables in turn."""
    fields = model._meta.local_concrete_fields
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    for batch in chunks(objs, size):
        model._base_manager._insert(batch, fields=fields)


def in_memory(page, links):
    """Give the page all its child objects and many-to-many links in memory (`links`,
    else none), as modelcluster keeps an edited page's: serialising it for its revision
    and indexing it then read no database. Returns the links to insert."""
    for relation in get_all_child_relations(type(page)):
        setattr(page, relation.get_accessor_name(), [])
    for field in get_all_child_m2m_relations(type(page)):
        setattr(page, field.name, links.get(field.name, []))
    return links


class BulkPageWriter:
    """Collects unsaved pages below their parents; `flush` writes them, `finish` updates
    the parents' child counts, the id sequences and returns the written pages' ids per
    model (for the search index)."""

    def __init__(self, now, index=True):
        self.now = now
        self.page_id = next_id(Page)
        self.revision_id = next_id(Revision)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.next_step = {}
        self.added = defaultdict(int)  # parent id: pages added below it
        self.pending = []  # (page, revision, {many-to-many field: [ids]})
        self.written = defaultdict(list)  # model: ids
        # index=False: the caller builds the search index itself (update_index).
        self.backends = list(get_search_backends()) if index else []
        self.index_seconds = 0.0

    def add(self, parent, page, links=None):
        """Queue `page` (an unsaved instance of a page model, its own fields set) as the
        last child of `parent`, published; `links`: {many-to-many field name: [objects]}."""
        if parent.pk not in self.next_step:
            last = parent.get_last_child()
            self.next_step[parent.pk] = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        step = self.next_step[parent.pk]
        self.next_step[parent.pk] += 1
        self.added[parent.pk] += 1
        page.id = page.page_ptr_id = self.page_id
        self.page_id += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.latest_revision_created_at = self.now
        page.latest_revision_id = page.live_revision_id = self.revision_id
        self.revision_id += 1
        # What a save would set before writing (the news listing index's copies of the
        # language and state: news/models.py copy_language_and_state).
        pre_save.send(
            sender=type(page), instance=page, raw=False, using="default", update_fields=None
        )
        links = in_memory(page, links or {})
        revision = Revision(
            id=page.latest_revision_id,
            content_type_id=page.content_type_id,
            base_content_type_id=self.page_type.pk,
            object_id=str(page.id),
            created_at=self.now,
            object_str=page.title,
            content=page.serializable_data(),
        )
        self.pending.append((page, revision, links))
        if len(self.pending) >= BATCH:
            self.flush()
        return page

    def flush(self):
        by_model = defaultdict(list)
        for page, _revision, _links in self.pending:
            by_model[type(page)].append(page)
        Revision.objects.bulk_create([revision for _page, revision, _links in self.pending])
        for model, pages in by_model.items():
            for table in [*reversed(model._meta.get_parent_list()), model]:
                insert_rows(table, pages)
            self.written[model].extend(page.id for page in pages)
        self.insert_links()
        started = time.perf_counter()
        for model, pages in by_model.items():
            for backend in self.backends:
                backend.get_index_for_model(model).add_items(model, pages)
        self.index_seconds += time.perf_counter() - started
        self.pending = []

    def insert_links(self):
        rows = defaultdict(list)
        for page, _revision, links in self.pending:
            for name, objects in links.items():
                field = type(page)._meta.get_field(name)
                through = field.remote_field.through
                own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
                rows[through].extend(
                    through(**{f"{own}_id": page.id, f"{other}_id": item.pk}) for item in objects
                )
        for through, objs in rows.items():
            through.objects.bulk_create(objs)

    def finish(self):
        self.flush()
        for parent_id, added in self.added.items():
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + added)
        self.added.clear()
        # The ids were given here, not by the database: move its sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Page, Revision]):
                cursor.execute(statement)
        return dict(self.written)


def index_pages(written, batch=1000):
    """The search index of pages already in the database (ids per model): per model,
    `batch` pages at a time through each backend's bulk indexing."""
    for backend in get_search_backends():
        for model, ids in written.items():
            index = backend.get_index_for_model(model)
            for some in chunks(sorted(ids), batch):
                pages = model.get_indexed_objects().filter(pk__gte=some[0], pk__lte=some[-1])
                objs = list(pages)
                if objs:
                    index.add_items(model, objs)
