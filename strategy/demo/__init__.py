"""Demo strategy documents and projects (see home/demo/__init__.py for the steps)."""

from strategy.demo.builder import build, translate, translate_pages

__all__ = ["build", "translate", "translate_pages"]
