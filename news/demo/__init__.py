"""Demo news (see home/demo/__init__.py for the steps)."""

from news.demo.builder import build, translate, translate_pages

# News link to the projects they concern, so the projects are built first.
BUILD_AFTER = ["strategy"]

__all__ = ["BUILD_AFTER", "build", "translate", "translate_pages"]
