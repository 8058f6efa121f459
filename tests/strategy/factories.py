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


def make_project(index, title, topics=(), communes=(), milestones=(), live=True, **fields):
    page = ProjectPage(
        title=title,
        slug=fields.pop("slug", title.lower().replace(" ", "-")),
        live=live,
        teaser=fields.pop("teaser", f"Kurztext {title}"),
        milestones=[
            Milestone(date=datetime.date.fromisoformat(d), title=t, done=done)
            for d, t, done in milestones
        ],
        **fields,
    )
    index.add_child(instance=page)
    if topics or communes:
        page.topics.set(topics)
        page.participating_communes.set(communes)
        page.save()
    return page
