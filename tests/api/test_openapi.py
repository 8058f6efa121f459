"""The OpenAPI description: served, complete, and valid OpenAPI 3.0."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from wagtail.api import APIField

from home.api.schema import enum_of
from strategy.models import (
    GOVERNMENT_LEVELS,
    ProjectLead,
    ProjectPage,
    ProjectStatus,
    StrategyKind,
    StrategyStatus,
)
from vlgsite.api import openapi
from vlgsite.api.endpoints import SitePagesAPIViewSet
from vlgsite.api.registry import page_type, page_types


def test_description_is_served_as_json(client, db):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    data = response.json()
    assert data["openapi"].startswith("3.0")


def test_documents_every_endpoint_and_error(api_description):
    paths = api_description["paths"]
    for path in (
        "/api/v2/",
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/pages/find/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/preview/",
    ):
        responses = paths[path]["get"]["responses"]
        assert "400" in responses, path
        error = responses["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
    for path in ("/api/v2/pages/{id}/", "/api/v2/images/{id}/", "/api/v2/documents/{id}/"):
        assert "404" in paths[path]["get"]["responses"]


def test_documents_every_listing_parameter(api_description):
    documented = {
        p["name"] for p in api_description["paths"]["/api/v2/pages/"]["get"]["parameters"]
    }
    assert set(SitePagesAPIViewSet.known_query_parameters) - {"_"} <= documented
    limit = next(
        p
        for p in api_description["paths"]["/api/v2/pages/"]["get"]["parameters"]
        if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == settings.WAGTAILAPI_LIMIT_MAX


def test_documents_every_page_type_and_its_fields(api_description):
    schemas = api_description["components"]["schemas"]
    for label, declared in page_types().items():
        properties = schemas[label.replace(".", "_")]["properties"]
        assert set(declared.schemas) <= set(properties)
        assert properties["meta"]["properties"]["type"]["enum"] == [label]
        assert "translations" in properties["meta"]["properties"]


def test_description_is_valid_openapi(api_description):
    from schemathesis.openapi import from_dict

    schema = from_dict(api_description)
    operations = [op for op in schema.get_all_operations()]
    assert len(operations) == len(api_description["paths"])
    assert all(op.ok() for op in operations)


def test_enums_are_the_choices_of_the_models(api_description):
    schemas = api_description["components"]["schemas"]
    project = schemas["strategy_ProjectPage"]["properties"]
    assert project["status"]["enum"] == [c.value for c in ProjectStatus]
    assert project["lead"]["enum"] == [c.value for c in ProjectLead]
    assert project["levels"]["items"]["enum"] == [code for code, _label in GOVERNMENT_LEVELS]
    strategy = schemas["strategy_StrategyPage"]["properties"]
    assert strategy["kind"]["enum"] == [c.value for c in StrategyKind]
    assert strategy["status"]["enum"] == [c.value for c in StrategyStatus]
    status = parameter(api_description, "/api/v2/pages/", "status")
    assert status["schema"]["enum"] == sorted({*ProjectStatus.values, *StrategyStatus.values})


def test_a_new_choice_is_documented_without_retyping_it(db, monkeypatch):
    class Status(models.TextChoices):
        IDEA = "idea", "Idee"
        ARCHIVED = "archived", "Archiviert"

    assert enum_of(Status) == {"type": "string", "enum": ["idea", "archived"]}
    field = ProjectPage._meta.get_field("status")
    monkeypatch.setattr(field, "choices", [*field.choices, ("archived", "Archiviert")])
    status = parameter(openapi.build(), "/api/v2/pages/", "status")
    assert "archived" in status["schema"]["enum"]
    assert "`archived`" in status["description"]


def test_an_api_field_without_schema_is_a_configuration_error():
    model = type(
        "Undocumented",
        (),
        {"api_fields": [APIField("intro")], "_meta": SimpleNamespace(label="x.Undocumented")},
    )
    with pytest.raises(ImproperlyConfigured, match="intro"):
        page_type(model)


def parameter(description, path, name):
    parameters = description["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == name)
