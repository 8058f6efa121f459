import datetime

from strategy.models import (
    FocusArea,
    Milestone,
    ProjectIndexPage,
    ProjectPage,
    StrategyIndexPage,
    StrategyPage,
)


def make_strategy_index(parent, slug="test-strategie"):
    index = StrategyIndexPage(title="Test-Strategie", slug=slug)
    parent.add_child(instance=index)
    return index


def make_strategy(index, title, focus_areas=(), **fields):
    page = StrategyPage(
        title=title,
        slug=fields.pop("slug", title.lower().replace(" ", "-")),
        summary=fields.pop("summary", f"Zusammenfassung {title}"),
        focus_areas=[FocusArea(title=name) for name in focus_areas],
        **fields,
    )
    index.add_child(instance=page)
    return page


def make_project_index(parent, slug="test-projekte"):
    index = ProjectIndexPage(title="Test-Projekte", slug=slug)
    parent.add_child(instance=index)
    return index


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def milestone(planned, title, reached=False):
    """A milestone from (planned date, title, reached): reached is True (on the planned
    date), False, or the ISO date it was reached on."""
    actual = planned if reached is True else (reached or None)
    return Milestone(planned_date=_day(planned), actual_date=_day(actual), title=title)


def make_project(index, title, topics=(), communes=(), milestones=(), live=True, **fields):
    page = ProjectPage(
        title=title,
        slug=fields.pop("slug", title.lower().replace(" ", "-")),
        live=live,
        teaser=fields.pop("teaser", f"Kurztext {title}"),
        milestones=[milestone(*values) for values in milestones],
        **fields,
    )
    index.add_child(instance=page)
    if topics or communes:
        page.topics.set(topics)
        page.participating_communes.set(communes)
        page.save()
    return page
