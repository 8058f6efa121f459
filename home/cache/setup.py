"""What the caches need from `migrate` and from the operator.

- The database cache's table (the shared cache without Redis) is created after every
  `migrate`, so that `migrate` alone prepares a database for the first request; also after
  a later switch from Redis to the database cache.
- `manage.py check --deploy` warns when no cache server is configured (CACHE_URL or
  REDIS_URL): the database cache works on one server but writes to the database on every
  change of the content version and every cached answer.
"""

from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.db.models.signals import post_migrate

SHARED_CACHE_BACKENDS = ("home.cache.redis.RedisCache", "django.core.cache.backends.redis.")


def create_cache_tables(sender, using, verbosity=1, **kwargs):
    """post_migrate (once, after home's migrations): the table of every DatabaseCache in
    CACHES on this database; does nothing where it exists."""
    call_command("createcachetable", database=using, verbosity=0)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.startswith(SHARED_CACHE_BACKENDS):
        return []
    return [
        checks.Warning(
            f"No cache server is configured: the default cache is {backend}.",
            hint=(
                "Set CACHE_URL (or REDIS_URL) to a Redis server, e.g. "
                "redis://127.0.0.1:6379/0 (docs/deployment.md). Without it, the content "
                "version and the page cache live in the database (one server only) or in "
                "each process."
            ),
            id="vlgsite.W001",
        )
    ]


def connect(app_config):
    post_migrate.connect(create_cache_tables, sender=app_config, dispatch_uid="cache_tables")
