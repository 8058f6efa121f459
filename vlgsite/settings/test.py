import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mails go through the outbox as in production (tests/conftest.py sets it again after
# Django's test set-up); leaving it, they land in django.core.mail.outbox.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
POST_OFFICE["BACKENDS"]["default"] = EMAIL_DELIVERY_BACKEND  # noqa: F405
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="vlgsite-test-media-"))  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite indexes into the database backend; tests/search/ adds the search node
# (SEARCH_NODE_URL, from OPENSEARCH_URL) where a test asks for it.
WAGTAILSEARCH_BACKENDS = search_backends()  # noqa: F405

# The page cache is off in tests (stale pages between tests); tests/production/ switch it
# on where they test it.
PAGE_CACHE_SECONDS = 0
