"""Settings shared by every environment.

The environment is read here and only here (see STYLE.md); every variable has a
default that runs locally with nothing set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from search.backends import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name, default, convert, what):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return convert(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}.") from None


def env_int(name, default):
    return env_number(name, default, int, "a whole number")


def env_float(name, default):
    return env_number(name, default, float, "a number")


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    # The mail outbox (home/mail.py).
    "post_office",
    "news",
    "strategy",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_headless_preview",
    "rest_framework",
    "corsheaders",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS answers preflight requests before anything else looks at them.
    "corsheaders.middleware.CorsMiddleware",
    # ETag on GET responses and 304 for conditional requests; high in the list so that it
    # sees the response as the other middleware left it.
    "django.middleware.http.ConditionalGetMiddleware",
    # The content version, once per request, and what Wagtail reads on every request
    # (the site, its root paths) from memory (home/cache/).
    "home.cache.middleware.ContentVersionMiddleware",
    # Whole pages for anonymous visitors (home/cache/pages.py): a page from the cache needs
    # none of the middleware below (its policy headers are stored with it); the security
    # and conditional-GET middleware above still give it fresh headers and 304s.
    "home.cache.pages.PageCacheMiddleware",
    # Content-Security-Policy: strict on the site, looser under /admin/ (home/security.py).
    "home.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in German unless the editor chose another language (home/admin_language.py).
    "home.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Answers a locked-out login (django-axes); last, as axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vlgsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "vlgsite.wsgi.application"


def sqlite_options():
    """WAL lets readers work while one writer writes; IMMEDIATE transactions plus the busy
    timeout make concurrent writers queue instead of failing with "database is locked"."""
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = sqlite_options()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses logins while a username/address pair is locked out (first, as axes requires).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn's guess estimate with German words: refuses "Sommer2026!!", "aaaaaaaaaaaa".
    {"NAME": "home.passwords.GuessablePasswordValidator"},
]

# Internationalisation: German is the source language, every URL carries its locale.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("fr", _("Französisch")),
    ("it", _("Italienisch")),
    ("en", _("Englisch")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Health checks of load balancers (vlgsite/health.py): they show no content, are never
# cached and not logged when they succeed.
HEALTH_CHECK_PATHS = ("/healthz", "/readyz")
# Addresses that show no content: no content version, no page cache.
NOT_CONTENT_PATHS = (*HEALTH_CHECK_PATHS, STATIC_URL, MEDIA_URL)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies other than file uploads (forms, the page editor's JSON): 10 MB. The page
# editor posts whole StreamFields; files are limited per kind below.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

# Mail: every mail goes into the outbox (django-post-office, home/mail.py), stored with what
# it is about; `manage.py send_queued_mail` (cron, every minute) delivers it through
# EMAIL_DELIVERY_BACKEND. No request waits for a mail server.
EMAIL_BACKEND = "post_office.EmailBackend"
# How mail leaves the outbox: printed to the console here, SMTP in production.
EMAIL_DELIVERY_BACKEND = env(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The SMTP server (EMAIL_DELIVERY_BACKEND=django.core.mail.backends.smtp.EmailBackend,
# the default in production).
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
SERVER_EMAIL = env("SERVER_EMAIL", "root@localhost")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Prozesse und Informatik <noreply@example.ch>")
# Seconds a silent mail server may hold one delivery; the mail is then retried later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 5)
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    # A failed mail is tried again MAIL_MAX_RETRIES times, MAIL_RETRY_MINUTES apart
    # (then it stays in the outbox with the status "failed"; docs/deployment.md).
    "MAX_RETRIES": env_int("MAIL_MAX_RETRIES", 12),
    "RETRY_INTERVAL": timedelta(minutes=env_int("MAIL_RETRY_MINUTES", 10)),
    "MESSAGE_ID_ENABLED": True,
    # Only failures are logged in the outbox's log table (it names no address).
    "LOG_LEVEL": 1,
    # One connection to the mail server per run, mails one after another: enough for a
    # department's volume, and a slow server holds one thread, not five.
    "THREADS_PER_PROCESS": 1,
    # Mails of the same priority leave in the order they were queued (the default sorts
    # by priority alone, and PostgreSQL returns equal ones in any order).
    "SENDING_ORDER": ["-priority", "id"],
}

# One cache for every app process (the content version and the page cache must be the
# same for all of them): Redis when CACHE_URL or REDIS_URL names one, else a table in the
# database, created by `migrate` (home/cache/setup.py). Only what can be rebuilt: counters
# that protect (rate limits, login lockouts) are in the database (home/throttle.py).
CACHE_URL = env("CACHE_URL") or env("REDIS_URL", "")


def shared_caches(url):
    """The "default" cache and the "pages" cache (whole pages, home/cache/pages.py): in
    Redis (redis:// or rediss:// URL, several comma separated for a primary and replicas)
    or, without a URL, the default one in a database table and pages in each process's
    memory: a page view must never write to the database (under SQLite it would wait for
    any other writer). Pages stay correct per process, as their key holds the shared
    content version. With Redis, pages get their own key prefix."""
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "vlgsite_cache",
                # Culling deletes arbitrary rows; keep it rare.
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            },
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "vlgsite-pages",
                # A page is some 20–60 kB: at most about 100 MB per process.
                "OPTIONS": {"MAX_ENTRIES": 2_000},
            },
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL/REDIS_URL must be a Redis URL (redis://host:6379/0), not {url!r}."
        )
    locations = [part.strip() for part in url.split(",") if part.strip()]
    redis = {"BACKEND": "home.cache.redis.RedisCache", "LOCATION": locations}
    return {
        "default": {**redis, "KEY_PREFIX": "vlgsite"},
        "pages": {**redis, "KEY_PREFIX": "vlgsite-pages"},
    }


CACHES = {
    **shared_caches(CACHE_URL),
    # Wagtail writes every rendition it serves to this cache: in the database that is a
    # write per image on every page view. Renditions never change under their key, so a
    # cache per process (expiring after 5 minutes) is safe.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "vlgsite-renditions",
    },
}

# Whole pages for anonymous visitors (home/cache/pages.py), kept this many seconds in the
# "pages" cache and purged whenever a page is published, unpublished or moved. 0 switches
# the page cache off (the default outside production).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# At most this many query strings of one path are stored per content version (filters and
# paging of a listing, API queries); beyond that they are served but not stored, so that a
# flood of query strings cannot fill the cache. The page without a query string always is.
PAGE_CACHE_MAX_VARIANTS = env_int("PAGE_CACHE_MAX_VARIANTS", 100)
# After a change, a page stored before it may still be served this many seconds while one
# request renders it anew (no stampede of renders after a publication); 0: never.
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 10)
# Pages rendered anew at once in that window, all app processes together (about half the
# app's cores): the other visitors meanwhile get the copies from before.
PAGE_CACHE_STALE_RENDERS = env_int("PAGE_CACHE_STALE_RENDERS", 1)
# Seconds a CDN (a shared cache in front of the site) may keep a page for anonymous
# visitors (Cache-Control: s-maxage). 0: no caching header for shared caches.
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 0)


def frontend_cache(backend, **options):
    """WAGTAILFRONTENDCACHE: where published pages are purged besides the app's own page
    cache. "" (default): nowhere; "http": a Varnish/nginx-style purge URL (LOCATION);
    "cloudflare": zone and API token; "cloudfront": distribution id (needs boto3, which
    django-storages[s3] brings)."""
    backends = {
        "": None,
        "http": (
            "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            {"LOCATION": options.get("location")},
        ),
        "cloudflare": (
            "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            {"ZONEID": options.get("zone_id"), "BEARER_TOKEN": options.get("token")},
        ),
        "cloudfront": (
            "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            {"DISTRIBUTION_ID": options.get("distribution_id")},
        ),
    }
    if backend not in backends:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be one of http, cloudflare, cloudfront, not {backend!r}."
        )
    if backends[backend] is None:
        return {}
    path, config = backends[backend]
    missing = [name for name, value in config.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={backend} needs {', '.join(missing)} (see docs/deployment.md)."
        )
    return {"default": {"BACKEND": path, **config}}


WAGTAILFRONTENDCACHE = frontend_cache(
    env("FRONTEND_CACHE_BACKEND", "").strip().lower(),
    location=env("FRONTEND_CACHE_LOCATION"),
    zone_id=env("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"),
    token=env("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
    distribution_id=env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
)

# Wagtail
WAGTAIL_SITE_NAME = "Prozesse und Informatik – VLG"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
# Uploads: what editors may upload, and how large (docs/deployment.md). A reverse proxy
# in front must allow request bodies at least as large (nginx: client_max_body_size 25m).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENTS_MAX_UPLOAD_MB", 20) * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGES_MAX_UPLOAD_MB", 10) * 1024 * 1024
# Decompression bombs: a small file may unpack into a huge bitmap.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGES_MAX_PIXELS", 40_000_000)
# Documents go through Wagtail's view, which checks collection privacy, also with S3.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No requests from the admin to third parties: no Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin's languages, each user's choice in the account settings; German for those who
# have not chosen (home/admin_language.py).
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("en", "English"),
]
WAGTAIL_USER_TIME_ZONES = ["Europe/Zurich"]

# Search (search/, docs/search.md): the database backend unless a cluster is configured,
# ELASTICSEARCH_URL or OPENSEARCH_URL (one or more node URLs, comma separated). With a
# cluster, the database backend stays configured as "fallback".
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
OPENSEARCH_URL = env("OPENSEARCH_URL", "")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "vlgsite_")
# Seconds a request to the cluster may take before search answers from the database.
SEARCH_TIMEOUT = env_float("SEARCH_TIMEOUT", 5.0)
# Replicas of each index: a number, or a range the cluster applies by its number of data
# nodes ("0-1": one replica once there are two nodes, none on a single node).
SEARCH_INDEX_REPLICAS = env("SEARCH_INDEX_REPLICAS", "0-1")
# The nodes the cluster should have: /readyz reports "degraded" with fewer (0: as many
# as the URLs in OPENSEARCH_URL / ELASTICSEARCH_URL).
SEARCH_CLUSTER_NODES = env_int("SEARCH_CLUSTER_NODES", 0)
WAGTAILSEARCH_BACKENDS = search_backends(
    elasticsearch_url=ELASTICSEARCH_URL,
    opensearch_url=OPENSEARCH_URL,
    index_prefix=SEARCH_INDEX_PREFIX,
    timeout=SEARCH_TIMEOUT,
    replicas=SEARCH_INDEX_REPLICAS,
)
# The OpenSearch node that the search tests run against as well (tests/search/), and
# whether its absence fails them (CI) instead of leaving them out.
SEARCH_NODE_URL = OPENSEARCH_URL
SEARCH_NODE_REQUIRED = env_bool("VLGSITE_REQUIRE_SEARCH_NODE")

# Search under abuse (docs/search.md). A query keeps its first SEARCH_MAX_QUERY_WORDS words
# (SQLite FTS5's parser overflows at about 90; the page says that it shortened the query,
# the API answers 400).
SEARCH_MAX_QUERY_WORDS = env_int("SEARCH_MAX_QUERY_WORDS", 20)
# The search log behind "Häufig gesucht": a query counts once per client and day (a daily
# keyed hash, no address stored); it is shown once this many clients found something with
# it. `manage.py purge_search_log` deletes entries older than SEARCH_LOG_RETENTION_DAYS.
SEARCH_POPULAR_MIN_CLIENTS = env_int("SEARCH_POPULAR_MIN_CLIENTS", 3)
SEARCH_LOG_RETENTION_DAYS = env_int("SEARCH_LOG_RETENTION_DAYS", 90)
# Seconds the search log may wait for the database after a response (then it retries
# with the next search): a page view never waits for a writer.
SEARCH_LOG_LOCK_TIMEOUT = env_float("SEARCH_LOG_LOCK_TIMEOUT", 0.1)
# Seconds /readyz waits for its checks; a check without an answer counts as failed.
READYZ_TIMEOUT = env_float("READYZ_TIMEOUT", 2.0)

NEWS_PAGE_SIZE = 10

# Headless API (vlgsite/api/, docs/api.md): Wagtail API v2 under /api/v2/.
WAGTAILAPI_LIMIT_MAX = 50
# Rich text in the API as HTML with internal links resolved (?rich_text_format= overrides).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Absolute URLs in the API (html_url, renditions, documents); unset: the site's root URL.
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL") or None
# Seconds that browsers and CDNs may keep a public API response.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 300)
REST_FRAMEWORK = {
    # JSON only; "?format=" is not a way to switch renderers (it is a 400 like any
    # unknown parameter).
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The public API answers everyone alike (no sessions: responses are cacheable).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}
# Front ends on other origins that may call the API from a browser (comma separated).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# Open data for opendata.swiss (strategy/opendata.py, docs/open-data.md): the slug of the
# publishing organisation on opendata.swiss, the part after "@" of every dataset identifier.
OPENDATA_ORGANIZATION = env("OPENDATA_ORGANIZATION", "verband-luzerner-gemeinden-vlg")
# The datasets' contact address; unset: the visitors' e-mail of the site settings.
OPENDATA_CONTACT_EMAIL = env("OPENDATA_CONTACT_EMAIL", "")
# Previews in a headless client: with the client's URL set, the page editor offers the
# preview mode "Headless-Client"; the client gets ?content_type=…&token=… and fetches the
# draft from /api/v2/preview/. Tokens are signed and expire after HEADLESS_PREVIEW_MAX_AGE.
HEADLESS_PREVIEW_URL = env("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_MAX_AGE = env_int("HEADLESS_PREVIEW_MAX_AGE", 3600)

# Ideas and feedback form (home/feedback/)
# Submissions per client: "COUNT/PERIOD", period in s, m, h or d ("5/10m": 5 in 10 minutes).
FEEDBACK_RATE_LIMIT = env("FEEDBACK_RATE_LIMIT", "5/10m")
# Submissions older than this are anonymised by `manage.py purge_feedback`, whatever their
# status; for open ones the department is warned FEEDBACK_RETENTION_WARNING_DAYS before.
FEEDBACK_RETENTION_DAYS = env_int("FEEDBACK_RETENTION_DAYS", 365)
FEEDBACK_RETENTION_WARNING_DAYS = env_int("FEEDBACK_RETENTION_WARNING_DAYS", 30)
# A feedback post is a few kilobytes; larger bodies are refused with a 400.
FEEDBACK_MAX_REQUEST_BYTES = 64 * 1024
# "War diese Seite hilfreich?" under every content page (home/helpfulness/)
# Votes per client ("COUNT/PERIOD"); a vote is one click, a few a visit are plenty.
# Their comments are blanked by `manage.py purge_feedback` after FEEDBACK_RETENTION_DAYS.
HELPFULNESS_RATE_LIMIT = env("HELPFULNESS_RATE_LIMIT", "10/10m")
# Preview links to drafts (home/previews/)
# Links that open no draft (unknown, revoked, expired) per client ("COUNT/PERIOD"); over
# it, 429. Opening a valid link never counts.
PREVIEW_LINK_RATE_LIMIT = env("PREVIEW_LINK_RATE_LIMIT", "20/10m")
# E-mail alerts (home/subscriptions/)
# Days a confirmation link is valid; unconfirmed subscriptions are deleted after them.
SUBSCRIPTION_CONFIRM_DAYS = env_int("SUBSCRIPTION_CONFIRM_DAYS", 7)
# Subscribe posts per client, and confirmation mails per address ("COUNT/PERIOD").
SUBSCRIBE_RATE_LIMIT = env("SUBSCRIBE_RATE_LIMIT", "5/10m")
SUBSCRIBE_ADDRESS_RATE_LIMIT = env("SUBSCRIBE_ADDRESS_RATE_LIMIT", "3/1h")
# Reverse proxies in front of the app: the client's address is then the n-th address from
# the right in X-Forwarded-For. 0: use REMOTE_ADDR (no proxy, or one that rewrites it).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
# "AGOV" and "agov" are one tag, so editors do not split a listing by accident.
TAGGIT_CASE_INSENSITIVE = True

# Security headers (docs/deployment.md). The site's own pages run no inline script or
# style: everything from our origin. JSON-LD blocks (<script type="application/ld+json">)
# are data, not scripts, and need no allowance. Video embeds are iframes from EMBED_HOSTS.
EMBED_HOSTS = env_list(
    "EMBED_HOSTS",
    "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com",
)
# Media from another origin (S3 bucket or a media CDN), e.g. https://media.example.ch.
MEDIA_HOSTS = env_list("MEDIA_HOSTS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_HOSTS],
        "media-src": ["'self'", *MEDIA_HOSTS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *EMBED_HOSTS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin (/admin/, also page previews) runs inline scripts (inline panels, date
# pickers) and sets style attributes, shows uploads as blob:/data: previews: see
# docs/deployment.md. This policy replaces the one above for the admin only.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *MEDIA_HOSTS],
        "font-src": ["'self'", "data:"],
    }
}
# X-Frame-Options agrees with the policies' frame-ancestors 'self': same-origin framing
# only (the admin's page preview is an iframe of our own origin); other sites never.
X_FRAME_OPTIONS = "SAMEORIGIN"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True

# Admin login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins of one
# username from one address, that pair is refused for LOGIN_COOLOFF_MINUTES. Counted in
# the database (never in the cache, which may evict), so every app process sees the same
# count and no flood of cached pages can wipe it.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# No record of successful logins (axes would keep address and browser of each).
AXES_DISABLE_ACCESS_LOG = True
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "home.security.login_locked_response"
# The same client address as the feedback rate limit (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "home.throttle.client_address"
# Only the lockout itself is logged, with username and address masked.
AXES_VERBOSE = False

# Limits on attempts (home/throttle.py, home/throttled_views.py), counted in the database;
# "N/period" with period s, m, h, d (e.g. 20/15m). Over a limit: 429 and a German message.
# Failed admin logins from one address, whatever the username (password spraying) …
LOGIN_FAILURES_PER_CLIENT = env("LOGIN_FAILURES_PER_CLIENT", "20/15m")
# … and of one username from any address (high: an attacker can use it to lock a name).
LOGIN_FAILURES_PER_USERNAME = env("LOGIN_FAILURES_PER_USERNAME", "30/15m")
# Wrong page passwords (Wagtail's private pages) from one address, and for one page.
PAGE_PASSWORD_FAILURES_PER_CLIENT = env("PAGE_PASSWORD_FAILURES_PER_CLIENT", "10/15m")
PAGE_PASSWORD_FAILURES_PER_PAGE = env("PAGE_PASSWORD_FAILURES_PER_PAGE", "50/15m")
# Password-reset mails of the admin requested from one address, and to one address.
PASSWORD_RESETS_PER_CLIENT = env("PASSWORD_RESETS_PER_CLIENT", "5/1h")
PASSWORD_RESETS_PER_ADDRESS = env("PASSWORD_RESETS_PER_ADDRESS", "3/1h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Background tasks (search index, reference index) log every run at INFO.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        # The search clients log every request (INFO) and every failed attempt with a
        # traceback (WARNING); search/health.py logs one warning per outage instead.
        "opensearch": {"level": "ERROR"},
        "elasticsearch": {"level": "ERROR"},
        "elastic_transport": {"level": "ERROR"},
        # Lockouts (WARNING) only, with username and address masked; not every login.
        "axes": {"level": "WARNING"},
        # The outbox: failures, not every run of send_queued_mail. (With a handler of its
        # own here, post_office does not install its chatty default one.)
        "post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # One line per request in production (home/request_log.py).
        "vlgsite.requests": {"level": "INFO"},
    },
}
