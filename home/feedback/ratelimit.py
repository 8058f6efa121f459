"""The feedback form's per-client limit on posts: one scope of home/throttle.py, counted
in the database so that it holds across every app process and no cache evicts it."""

from home import throttle


def allow(request, scope, rate):
    """Count one post of this client; False once it has made more than the rate allows."""
    return throttle.allow(request, scope, rate)
