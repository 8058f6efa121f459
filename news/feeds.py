"""RSS 2.0 and Atom feeds of the news, for the whole site or one topic."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from home.models import Topic

FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
FEED_LENGTH = 20


class NewsFeed(Feed):
    def __init__(self, index_page, kind, topic_slug=None):
        super().__init__()
        if kind not in FEED_TYPES:
            raise Http404(_("Unbekanntes Feed-Format."))
        self.feed_type = FEED_TYPES[kind]
        self.index_page = index_page
        self.topic = None
        if topic_slug:
            self.topic = Topic.objects.filter(locale=index_page.locale, slug=topic_slug).first()
            if self.topic is None:
                raise Http404(_("Unbekanntes Thema."))

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.topic:
            return _("%(site)s – Aktuelles: %(topic)s") % {
                "site": self.index_page.get_parent().title,
                "topic": self.topic.name,
            }
        return _("%(site)s – Aktuelles") % {"site": self.index_page.get_parent().title}

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro or self.title()

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        news = self.index_page.news()
        if self.topic:
            news = news.filter(topics=self.topic)
        return news.prefetch_related("change_notes")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The latest significant change's note, where there is one, after the teaser.
        notes = item.change_note_list()
        if notes and notes[0].note:
            return _("%(teaser)s – Änderung: %(note)s") % {
                "teaser": item.teaser,
                "note": notes[0].note,
            }
        return item.teaser

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        # The news date is what readers see on the page; feeds order by it too.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8)))

    def item_updateddate(self, item):
        # Minor corrections do not count as an update (home/models/change_notes.py).
        return item.last_significant_change or item.first_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_author_name(self, item):
        return item.author.name if item.author else None
