"""The site's caches, in three layers, all following one content version.

- memory.py: each app process remembers what every request reads and only editors change
  (the site for a host, the language home pages, the page frame, settings, listing
  choices …) once per content version, through functions decorated with @remembered.
- pages.py: whole pages and public API answers for anonymous visitors, in the shared
  "pages" cache, keyed by the content version; a CDN in front is purged page by page.
- signals.py: what starts a new content version: a change that a visitor can see
  (CONTENT_MODELS, pages published, unpublished, moved or deleted). Saving a draft does
  not.

The content version is one value in the default (shared) cache, so that every app process
sees it; middleware.py reads it once per request.

Besides them, request.py keeps what one request works out once for several of its parts
(once_per_request): the one per-request memo.
"""
