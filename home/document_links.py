"""Rich-text links to documents as visitors get them, on pages and in the API (HTML and
Markdown): a document of a restricted collection keeps the editor's link text but loses
its link (home/visibility.py). home/wagtail_hooks.py registers both in place of
Wagtail's own; they need the admin's converters, so the models never import them."""

from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.documents.rich_text.contentstate import (
    ContentstateDocumentLinkConversionRule,
    DocumentLinkElementHandler,
)

from home.visibility import is_public_document, public_documents


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Pages and the API's HTML: a restricted document's link becomes a bare <a>, as a
    deleted document's does."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(document.url)}">' if is_public_document(document) else "<a>"
            for document in cls.get_many(attrs_list)
        ]


class PublicDocumentLinkElementHandler(DocumentLinkElementHandler):
    """The same for the API's Markdown, which reads links through the editor's format: a
    restricted document gets no URL (the editor then marks the link with a warning,
    rightly: visitors cannot open it)."""

    def get_attribute_data(self, attrs):
        data = super().get_attribute_data(attrs)
        if "url" not in data:
            return data  # a missing document
        document = get_document_model().objects.filter(pk=data["id"])
        return data if public_documents(document).exists() else {"id": data["id"]}


PUBLIC_DOCUMENT_LINK_CONVERSION_RULE = {
    **ContentstateDocumentLinkConversionRule,
    "from_database_format": {
        'a[linktype="document"]': PublicDocumentLinkElementHandler("DOCUMENT"),
    },
}
