from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from home.visibility import is_public_document


class DownloadMixin(Orderable):
    """A downloadable document attached to a page, shown with its file type and size."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("Linktext"),
        max_length=200,
        blank=True,
        help_text=_("Leer lassen, um den Titel des Dokuments zu verwenden."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def label(self):
        return self.title or self.document.title


class AttachedDocumentsMixin(models.Model):
    """A page with downloads (a `documents` relation to a DownloadMixin model)."""

    class Meta:
        abstract = True

    def downloads(self):
        """The attached documents that visitors may open (none from a restricted
        collection), in the editors' order: what the page and its API show."""
        items = self.documents.all()
        if "documents" not in getattr(self, "_prefetched_objects_cache", {}):
            items = items.select_related("document")  # the API prefetches them for lists
        return [item for item in items if is_public_document(item.document)]


class SearchTextMixin(models.Model):
    """Texts for the search index of a page with downloads and choice fields."""

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        # A full index build reads each page's downloads for several search fields:
        # loaded with the batch, not per page (as the related objects: SitePageMixin).
        return super().get_indexed_objects().prefetch_related("documents__document")

    @property
    def download_titles(self):
        """The link texts of the downloads the page shows: a restricted document's title
        must not find the page (saving the document reindexes it, search/signals.py).
        Read afresh on each indexing: a download added later is saved after its page."""
        return " ".join(item.label for item in self.downloads())

    def choice_label(self, field_name):
        """A choice field's label in the page's own language (the index of a French page
        holds « En cours », not the admin user's language)."""
        with translation.override(self.locale.language_code):
            return str(getattr(self, f"get_{field_name}_display")())
