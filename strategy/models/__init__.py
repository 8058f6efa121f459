from .commune_index import CommuneIndexPage
from .milestones import Milestone
from .project_index import ProjectIndexPage
from .projects import (
    GOVERNMENT_LEVELS,
    ProjectDocument,
    ProjectLead,
    ProjectPage,
    ProjectStatus,
)
from .strategies import (
    FocusArea,
    StrategyDocument,
    StrategyIndexPage,
    StrategyKind,
    StrategyPage,
    StrategyStatus,
)

__all__ = [
    "GOVERNMENT_LEVELS",
    "CommuneIndexPage",
    "FocusArea",
    "Milestone",
    "ProjectDocument",
    "ProjectIndexPage",
    "ProjectLead",
    "ProjectPage",
    "ProjectStatus",
    "StrategyDocument",
    "StrategyIndexPage",
    "StrategyKind",
    "StrategyPage",
    "StrategyStatus",
]
