"""Benchmarks (not tests; pytest collects nothing here): `make bench`, `make bench-search`,
or `.venv/bin/python -m tests.benchmarks.<name> --help` from the project folder.

Importing the package sets Django up, with manage.py's settings unless
DJANGO_SETTINGS_MODULE names others, so that the benchmark modules import models at
the top like any other module.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vlgsite.settings.dev")
django.setup()
