# The feedback form's fixtures, for the flood test (test_flood.py).
from tests.home.conftest import feedback_data, feedback_page, wikon  # noqa: F401
