import datetime

from news.models import NewsIndexPage, NewsPage


def make_news_index(parent, slug="test-news", **fields):
    index = NewsIndexPage(title=fields.pop("title", "Test-News"), slug=slug, **fields)
    parent.add_child(instance=index)
    return index


def make_news(index, title, date=None, topics=(), tags=(), live=True, **fields):
    """A news page under index; published unless live=False (then a draft)."""
    slug = fields.pop("slug", None) or title.lower().replace(" ", "-")
    page = NewsPage(
        title=title,
        slug=slug,
        date=date or datetime.date(2024, 1, 1),
        live=live,
        teaser=fields.pop("teaser", f"Kurztext zu {title}"),
        **fields,
    )
    index.add_child(instance=page)
    if topics:
        page.topics.set(topics)
    if tags:
        page.tags.add(*tags)
    if topics or tags:
        page.save()
    return page
