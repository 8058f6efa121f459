"""One structured log line per request (production: JSON, see LOGGING there).

Logged: method, path without the query string (search terms and filters may be
personal) and without signed tokens, status, duration, response size and whether the page
came from the page cache. Not logged: addresses, user names, cookies, query strings.
Successful health checks are left out: they come every few seconds and say nothing.
"""

import logging
import re
import time

from django.conf import settings

logger = logging.getLogger("vlgsite.requests")

# Signed tokens in paths (the feedback thank-you page): long segments with capitals,
# unlike the lowercase slugs of pages.
_TOKEN = re.compile(r"(?<=/)(?=[A-Za-z0-9_:-]*[A-Z])[A-Za-z0-9_:-]{20,}(?=/|$)")


def scrub_path(path):
    return _TOKEN.sub("[token]", path)


def response_size(response):
    if response.streaming:
        length = response.get("Content-Length")
        return int(length) if length and length.isdigit() else None
    return len(response.content)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if request.path in settings.HEALTH_CHECK_PATHS and response.status_code == 200:
            return response
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": scrub_path(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": response_size(response),
                "page_cache": response.get("X-Page-Cache", ""),
            },
        )
        return response
