from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCounter(models.Model):
    """One client's (or one target's) attempts in the current window of a limit
    (home/throttle.py). In the database, not in the cache: nothing evicts it."""

    scope = models.CharField(max_length=50)
    # A keyed hash of the client's address or the target: no address or name is stored.
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Zähler einer Begrenzung")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="throttle_counter_unique")
        ]

    def __str__(self):
        return f"{self.scope}: {self.count}"
