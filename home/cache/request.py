"""What one request works out once and several of its parts read (template tags of the
frame, API serializers): kept on the request, so it ends with it. (What many requests
share is remembered per content version instead: memory.py.)"""


def once_per_request(request, key, compute):
    """compute() once per request for the key; every later call returns its result."""
    memo = request.__dict__.setdefault("_once_per_request", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]
