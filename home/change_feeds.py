"""RSS 2.0 and Atom feeds of significant changes (home/models/change_notes.py): one entry
per change note of a set of pages, newest first. The apps say which pages a feed follows
(a project, a strategy with its projects, a filtered catalogue); the site-wide and topic
news feeds are news/feeds.py."""

import uuid

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.models.change_notes import ChangeNote

FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
FEED_MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
FEED_LENGTH = 20
# Where a page lists its changes (templates/components/change_notes.html).
CHANGES_ANCHOR = "#changes-title"


def feed_link_list(base_url, subject, query=""):
    """The RSS and Atom feeds under base_url (a page's URL), as `feed_links()` gives them
    to templates: dicts of kind, type, title and url. `query`: a urlencoded query string
    the feed reads (a catalogue's filters)."""
    suffix = f"?{query}" if query else ""
    return [
        {
            "kind": kind,
            "type": FEED_MIME_TYPES[kind],
            "title": _("Änderungen: %(subject)s (%(format)s)")
            % {"subject": subject, "format": label},
            "url": f"{base_url}feed/{kind}/{suffix}",
        }
        for kind, label in (("rss", "RSS"), ("atom", "Atom"))
    ]


class ChangeNotesFeed(Feed):
    """The significant changes of the given pages (a queryset or a list of pages, which
    the caller limits to what visitors may see: home/visibility.py), each note an entry
    titled with its page, linking to the page's list of changes; the feed is titled with
    its subject (a page title, a catalogue query in words). Three queries whatever
    the number of pages: the notes with their pages and locales in one."""

    item_guid_is_permalink = False
    description_text = gettext_lazy("Wesentliche Änderungen mit ihrer Notiz, die neuesten zuerst.")

    def __init__(self, kind, pages, *, subject, link, locale):
        super().__init__()
        if kind not in FEED_TYPES:
            raise Http404(_("Unbekanntes Feed-Format."))
        self.feed_type = FEED_TYPES[kind]
        self.pages = pages
        self.feed_title = _("Änderungen: %(subject)s") % {"subject": subject}
        self.feed_link = link
        self.language = locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.feed_title

    def link(self):
        return self.feed_link

    def description(self):
        return str(self.description_text)

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        pages = self.pages
        if hasattr(pages, "values"):
            # As a subquery: without the listing's ordering and prefetches.
            pages = pages.order_by().values("pk")
        return list(
            ChangeNote.objects.filter(page__in=pages)
            .select_related("page", "page__locale")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.page.title

    def item_description(self, item):
        # Readers take a description as HTML; a note is plain text.
        return escape(item.text)

    def item_link(self, item):
        return item.page.get_full_url(self.request) + CHANGES_ANCHOR

    def item_guid(self, item):
        # The same note in another language is another entry; neither changes when the
        # page moves or is renamed.
        return uuid.uuid5(item.translation_key, item.page.locale.language_code).urn

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date
