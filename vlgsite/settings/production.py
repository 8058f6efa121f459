"""Production: behind a TLS-terminating reverse proxy (nginx, Caddy), PostgreSQL from
DATABASE_URL, Redis from CACHE_URL/REDIS_URL, static files served by WhiteNoise, media on
disk or S3-compatible storage, JSON logs. Every variable: docs/deployment.md."""

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    HEALTH_CHECK_PATHS,
    LOGGING,
    MIDDLEWARE,
    STORAGES,
    env,
    env_bool,
    env_int,
    env_list,
)

DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production (a long random string).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma separated).")

# Database (DATABASE_URL, read in base): connections kept for a minute per thread and
# checked before reuse, so that a restarted database costs one failed check, not errors.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Whole pages for anonymous visitors: on unless PAGE_CACHE_SECONDS=0.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# Static files: hashed names and compressed copies, made by `collectstatic`, served by
# WhiteNoise with far-future caching (the name changes with the content).
MIDDLEWARE = [
    # First: one log line per request, with the final status and the whole duration.
    "home.request_log.RequestLogMiddleware",
    MIDDLEWARE[0],  # SecurityMiddleware: HTTPS redirect and HSTS on static files too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media (images, documents): the local MEDIA_ROOT (one server, or a shared mount), or an
# S3-compatible bucket (MEDIA_STORAGE=s3) that every app server reaches.
MEDIA_STORAGE = env("MEDIA_STORAGE", "local").strip().lower()
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            # Public, unsigned URLs for images; documents go through Wagtail's view
            # (WAGTAILDOCS_SERVE_METHOD), which checks privacy before reading the file.
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")

# Mail leaves the outbox by SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, … read in base).
EMAIL_DELIVERY_BACKEND = env(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
POST_OFFICE["BACKENDS"]["default"] = EMAIL_DELIVERY_BACKEND  # noqa: F405

# HTTPS. The proxy terminates TLS and says so in X-Forwarded-Proto (it must set the
# header itself, never pass on the client's). Health checks may come over plain HTTP
# from inside.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", True) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [rf"^{path.lstrip('/')}$" for path in HEALTH_CHECK_PATHS]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# SAMEORIGIN, not DENY: the admin's page preview frames the site (base.X_FRAME_OPTIONS,
# like the CSP's frame-ancestors 'self').
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Preloading is a commitment made by submitting the domain to the browsers' list;
    # the operator opts in with SECURE_HSTS_PRELOAD=true.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

# Logs: one JSON object per line on stderr (journald, container logs).
LOGGING = {
    **LOGGING,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # Django attaches the request to its log records (4xx, 5xx); its text holds
            # the query string, which may hold personal data.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
}
