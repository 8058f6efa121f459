"""Text written into spreadsheet files (CSV exports): a cell must never run as a formula.

Every CSV the site writes (the feedback admin's export, the project catalogue's open
data) passes its text cells through `formula_safe`. XLSX written by Wagtail's export is
safe already: it stores what looks like a formula as text."""

# A cell starting with one of these is a formula (or becomes one after the spreadsheet
# program drops the tab or carriage return), e.g. `=HYPERLINK("https://evil.example")`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """The text with a leading apostrophe if a spreadsheet program would run it; the
    apostrophe marks the cell as text there. Other values stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
