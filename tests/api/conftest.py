import copy

import jsonschema_rs
import pytest

from tests.home.conftest import feedback_data, feedback_page, wikon  # noqa: F401
from vlgsite.api import openapi


def json_schema(openapi_schema, components):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a null alternative and
    component references point into the same document."""

    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: convert(value) for key, value in node.items()}
        if "$ref" in node:
            node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/definitions/")
        if node.pop("nullable", False):
            return {"anyOf": [node, {"type": "null"}]}
        return node

    schema = convert(copy.deepcopy(openapi_schema))
    return {**schema, "definitions": convert(copy.deepcopy(components))}


@pytest.fixture
def api_description(db):
    return openapi.build()


@pytest.fixture
def validate(api_description):
    """validate(data, "news_NewsPage") raises with every mismatch against the
    component schema of that name."""
    components = api_description["components"]["schemas"]

    def check(data, name):
        validator = jsonschema_rs.validator_for(
            json_schema({"$ref": f"#/components/schemas/{name}"}, components),
            validate_formats=True,
        )
        errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, "\n".join(errors[:20])

    return check


@pytest.fixture
def api(client, db):
    """get(url, **params) → (status, json)."""

    def get(url, status=200, **headers):
        response = client.get(url, **headers)
        assert response.status_code == status, (url, response.status_code, response.content[:500])
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        return response.json()

    return get


def live_page(model, locale="de", **filters):
    return model.objects.live().public().filter(locale__language_code=locale, **filters).first()


@pytest.fixture
def page_of(db):
    return live_page


@pytest.fixture
def ids():
    def of(data):
        return [item["id"] for item in data["items"]]

    return of
