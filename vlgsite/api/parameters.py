"""Query parameters: how their values are checked (a bad value is a 400, never a 500) and
how the OpenAPI description names them."""

import re

from wagtail.api.v2.utils import BadRequestError

# The largest id the database holds (bigint); larger ids cannot name anything.
MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]+", re.ASCII)


def is_id(value):
    return bool(DIGITS.fullmatch(value)) and int(value) <= MAX_ID


def text(name, value):
    """A text parameter's value; the database cannot compare null characters."""
    if "\x00" in value:
        raise BadRequestError(f"null characters are not allowed in '{name}'")
    return value


def query(name, schema, description, example=None):
    """An optional query parameter in the OpenAPI description."""
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }
    if example is not None:
        parameter["example"] = example
    return parameter


def id_parameter(name, description, root=False):
    pattern = r"^([0-9]+|root)$" if root else r"^[0-9]+$"
    return query(name, {"type": "string", "pattern": pattern}, description)
