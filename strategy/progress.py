"""Planned versus actual: the slip of a milestone and the progress of a project, from
dates alone (no database), so that the page, the API, the exports and the roadmap agree."""

from dataclasses import dataclass

from django.utils import timezone


def slip_days(planned, actual):
    """Days a milestone was reached after its plan (negative: earlier); None unless both
    dates are known."""
    if planned is None or actual is None:
        return None
    return (actual - planned).days


def slip_months(planned, actual):
    """The slip in calendar months, as the page shows dates by month ("Juni 2025")."""
    if planned is None or actual is None:
        return None
    return (actual.year - planned.year) * 12 + actual.month - planned.month


def is_overdue(planned, actual, today=None):
    """Not reached although its planned date has passed."""
    today = today or timezone.localdate()
    return actual is None and planned is not None and planned < today


@dataclass(frozen=True)
class Progress:
    reached: int
    total: int

    @classmethod
    def of(cls, milestones):
        milestones = list(milestones)
        return cls(sum(1 for m in milestones if m.actual_date is not None), len(milestones))

    @property
    def percent(self):
        """Whole per cent reached; None for a project without milestones (no bar)."""
        if not self.total:
            return None
        return round(100 * self.reached / self.total)

    def as_dict(self):
        return {"reached": self.reached, "total": self.total, "percent": self.percent}
