"""The OpenAPI description: served, complete, and valid OpenAPI 3.0."""

from django.conf import settings

from vlgsite.api import SitePagesAPIViewSet, page_type_registry


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
    for label, declaration in page_type_registry().items():
        properties = schemas[label.replace(".", "_")]["properties"]
        assert set(declaration["fields"]) <= set(properties)
        assert properties["meta"]["properties"]["type"]["enum"] == [label]
        assert "translations" in properties["meta"]["properties"]


def test_description_is_valid_openapi(api_description):
    from schemathesis.openapi import from_dict

    schema = from_dict(api_description)
    operations = [op for op in schema.get_all_operations()]
    assert len(operations) == len(api_description["paths"])
    assert all(op.ok() for op in operations)
