"""Abuse scripts (not tests; pytest collects nothing here): `make abuse`, or
`.venv/bin/python -m tests.abuse.flood --help` from the project folder."""
