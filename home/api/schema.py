"""JSON Schema pieces that describe the API's values (OpenAPI 3.0 dialect: "nullable"
instead of type lists). Page types use them in their field declarations
(home/api/declarations.py); vlgsite/api/openapi.py assembles the description."""

from home.api.representations import RENDITIONS
from home.blocks import HEADING_LEVELS


def nullable(schema):
    return {**schema, "nullable": True}


def array_of(schema):
    return {"type": "array", "items": schema}


def enum_of(choices, description=None):
    """The values of a model's choices as a string enum: a TextChoices class or
    (value, label) pairs, so a new choice is documented the moment it exists."""
    values = choices.values if hasattr(choices, "values") else [value for value, _ in choices]
    schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def obj(properties, required=None, description=None):
    """An object with exactly these properties (all present unless a ?fields= selection
    narrows them, hence none required by default)."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
HTML = {"type": "string", "description": "HTML; internal links resolved to URLs."}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
CHOICE_LABEL = {"type": "string", "description": "The value's label in the page's language."}

RENDITION = obj(
    {"url": URL, "width": INTEGER, "height": INTEGER},
    required=["url", "width", "height"],
)
IMAGE = obj(
    {
        "id": INTEGER,
        "alt": {"type": "string", "description": "Alternative text; empty if decorative."},
        "decorative": BOOLEAN,
        "width": INTEGER,
        "height": INTEGER,
        "renditions": {
            "type": "object",
            "description": "Sizes: " + ", ".join(f"{k} ({v})" for k, v in RENDITIONS.items()),
            "properties": {size: RENDITION for size in RENDITIONS},
            "additionalProperties": False,
        },
    },
    description="An image with renditions in a few widths (never upscaled).",
)
PAGE_REFERENCE = obj(
    {"id": INTEGER, "title": STRING, "url": nullable(URL)},
    description="A link to a public page, in the linking page's language where translated.",
)
DOCUMENT = obj(
    {
        "id": INTEGER,
        "title": STRING,
        "url": URL,
        "file_extension": STRING,
        "file_size": nullable({"type": "integer", "description": "Bytes."}),
    },
    description="A downloadable document.",
)
PERSON = obj(
    {
        "id": INTEGER,
        "name": STRING,
        "role": STRING,
        "organisation": STRING,
        "email": STRING,
        "phone": STRING,
        "photo": nullable(IMAGE),
    },
    description="A contact person or author with the public contact details shown on the site.",
)
TOPIC = obj({"slug": STRING, "name": STRING})
TRANSLATION = obj({"locale": STRING, "id": INTEGER, "url": nullable(URL)})


def stream_block_schemas():
    """The blocks of home.blocks.BaseStreamBlock as they appear in the API."""
    return {
        "paragraph": HTML,
        "heading": obj(
            {"text": STRING, "level": enum_of(HEADING_LEVELS)},
            required=["text", "level"],
        ),
        "image": nullable(
            obj(
                {**IMAGE["properties"], "caption": STRING},
                description="A figure: the image with renditions and its caption.",
            )
        ),
        "quote": obj({"text": STRING, "attribution": STRING}, required=["text", "attribution"]),
        "table": obj(
            {
                "caption": STRING,
                "header_row": BOOLEAN,
                "header_column": BOOLEAN,
                "rows": array_of(array_of(nullable(STRING))),
            },
            required=["caption", "header_row", "header_column", "rows"],
        ),
        "document": nullable(DOCUMENT),
        "embed": {"type": "string", "description": "URL of the embedded medium."},
    }


def stream_schema():
    blocks = [
        obj(
            {"type": {"type": "string", "enum": [name]}, "value": schema, "id": nullable(STRING)},
            required=["type", "value"],
        )
        for name, schema in stream_block_schemas().items()
    ]
    return {
        "type": "array",
        "description": "StreamField blocks in order: {type, value, id}.",
        "items": {"oneOf": blocks},
    }


STREAM = stream_schema()
