"""Gunicorn's configuration: `gunicorn -c vlgsite/gunicorn.conf.py vlgsite.wsgi`.

Like the Django settings, it takes its values from the environment (docs/deployment.md);
this file is Gunicorn's, not Django's, so it reads them itself.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Behind nginx/Caddy on the same machine: only the proxy connects.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes × threads = requests served at once. Pages mostly wait for the database and
# the search cluster, so a few threads per process pay off; processes use the cores.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
# A request taking longer than this is killed (the search timeout is 5 s, uploads of
# large documents from slow connections are buffered by the proxy).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then so that slow leaks never add up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The application logs each request itself (home/request_log.py, JSON, without
# addresses); Gunicorn's own access log would repeat it with the client's address.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-* are trusted from the proxy only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Each worker loads the application itself, so that `kill -HUP` (systemctl reload) starts
# workers with the new release's code.
preload_app = False
