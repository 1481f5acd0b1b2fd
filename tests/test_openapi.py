"""The OpenAPI schema says what the API does: how to sign in, every answer of
every operation (errors and files included) and the rules a request must keep;
its documentation page loads nothing from outside the app. (Whether the API keeps
to it is tests/test_api_contract.py's.)"""

import re

import pytest

from domain.values import NOT_BLANK
from tests.support.accounts import role_token

pytestmark = pytest.mark.usefixtures("empty_db")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def signed_in(client):
    client.headers.update(await role_token("admin"))
    return client


@pytest.fixture
async def schema(signed_in) -> dict:
    response = await signed_in.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def refs(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return found + [ref for item in value.values() for ref in refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in refs(item)]
    return []


async def test_it_says_how_to_sign_in(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["BearerToken"]["description"],
    }
    assert schemes["AdminSession"]["in"] == "cookie" and schemes["AdminSession"]["name"] == "id"
    assert schema["security"] == [{"BearerToken": []}, {"AdminSession": []}]
    # The health check alone needs no login.
    assert [name for name, op in operations(schema) if op.get("security") == [{}]] == [
        "GET /api/health"
    ]


async def test_every_answer_is_documented(schema):
    for name, operation in operations(schema):
        answers = set(operation["responses"])
        if name == "GET /api/health":
            assert answers == {"200", "503"}
            continue
        assert {"401", "403", "503"} <= answers, name
        assert ("400" in answers) == (name != "GET /api/me"), name
    documented = {name: set(op["responses"]) for name, op in operations(schema)}
    for name in ("GET /api/approvals/{batch}", "GET /api/initiatives", "POST /api/approvals"):
        assert "404" in documented[name], name
    assert {"409", "422"} <= documented["POST /api/approvals"]
    # Errors have one shape, with Vietnamese examples.
    invalid = schema["components"]["schemas"]["InvalidInput"]
    assert set(invalid["required"]) == {"status_code", "detail"}
    assert schema["components"]["schemas"]["FieldProblem"]["required"] == [
        "key",
        "message",
        "source",
    ]


async def test_the_export_answers_files(schema):
    export = schema["paths"]["/api/progress/export"]["get"]["responses"]["200"]
    assert set(export["content"]) == {XLSX, "text/csv"}
    assert export["headers"]["Content-Disposition"]["required"] is True


async def test_the_approval_request_says_its_rules(schema):
    body = schema["paths"]["/api/approvals"]["post"]["requestBody"]["content"]["application/json"]
    shapes = {ref["$ref"].rsplit("/", 1)[1] for ref in body["schema"]["oneOf"]}
    assert shapes == {
        "Submit",
        "Resubmit",
        "Withdraw",
        "Approve",
        "Reject",
        "Return",
        "Transfer",
        "Reopen",
        "Revoke",
    }
    # Exactly one of ids and filter.
    assert body["schema"]["allOf"] == [{"oneOf": [{"required": ["ids"]}, {"required": ["filter"]}]}]
    components = schema["components"]["schemas"]
    for shape in shapes:
        model = components[shape]
        assert model["additionalProperties"] is False, shape
        assert model["properties"]["dry_run"]["type"] == "boolean"
        assert model["properties"]["action"] == {"enum": [shape.lower()]}
        # A withdrawal, a rejection, a return, a reopening and a revocation need a
        # note that is not blank.
        needs_note = shape in ("Withdraw", "Reject", "Return", "Reopen", "Revoke")
        assert ("note" in model["required"]) == needs_note, shape
        if needs_note:
            assert model["properties"]["note"]["pattern"] == NOT_BLANK
        assert model["properties"]["ids"]["items"] == {
            "type": "integer",
            "minimum": 1,
            "maximum": 2**31 - 1,
        }
    assert components["Transfer"]["required"] == ["action", "to_unit"]
    assert components["Filter"]["additionalProperties"] is False


async def test_every_reference_resolves(schema):
    names = set(schema["components"]["schemas"])
    for ref in refs(schema["paths"]) + refs(schema["components"]):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in names, ref


@pytest.mark.parametrize("page", ["/schema", "/schema/swagger"])
async def test_the_docs_page_loads_nothing_from_outside(signed_in, page):
    response = await signed_in.get(page)
    assert response.status_code == 200 and "SwaggerUIBundle" in response.text
    head = response.text[: response.text.index("<body")]
    urls = re.findall(r"""(?:src|href)=['"]([^'"]+)""", head)
    assert len(urls) == 4 and all(url.startswith("/schema/assets/") for url in urls), urls
    for url in urls:
        asset = await signed_in.get(url)
        assert asset.status_code == 200 and len(asset.content) > 500, url
    # Behind the same login as the schema.
    signed_in.headers.pop("Authorization")
    assert (await signed_in.get(urls[0])).status_code == 401


@pytest.mark.parametrize("page", ["/schema", "/schema/swagger"])
async def test_signed_out_the_docs_page_says_so_in_a_page(client, page):
    """A person opening the docs without a login reads a Vietnamese page offering
    the login (it was the API's JSON sent as HTML); scripts still get JSON."""
    response = await client.get(page)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/html")
    assert "Cần đăng nhập" in response.text and 'href="/admin/' in response.text
    schema = await client.get("/schema/openapi.json")
    assert schema.status_code == 401 and "detail" in schema.json()
