"""The OpenAPI schema's configuration and its documentation page.

The schema (`/schema/openapi.json`) declares how a caller signs in: a Bearer token,
or the admin's session cookie. The page (`/schema`, `/schema/swagger`) is Swagger
UI from files vendored in endpoints/swagger-ui/ and served here, so that it works
offline; like the schema, the page and its files need a login.
"""

from pathlib import Path

import msgspec

# Litestar's own schema plugin for msgspec structs (not exported: see RequestModels).
from litestar._openapi.schema_generation import SchemaCreator
from litestar._openapi.schema_generation.plugins import StructSchemaPlugin
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, Schema, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.typing import FieldDefinition

from admin.config import SITE_NAME

SWAGGER_UI = Path(__file__).resolve().parent / "swagger-ui"
SWAGGER_UI_VERSION = "5.35.0"  # endpoints/swagger-ui/README.md
ASSETS = "/schema/assets"
COMPONENT = "#/components/schemas/{name}"

DESCRIPTION = """\
Mọi thao tác, trừ `/api/health`, cần một mã truy cập (`Authorization: Bearer <mã>`, cấp bằng
`manage.py issue-token` hoặc «Cấp mã truy cập API» trong trang quản trị) hoặc phiên đăng
nhập của trang quản trị (cookie); khi ghi bằng cookie, gửi thêm header `X-CSRFToken` có giá
trị của cookie `csrftoken`.

Lỗi trả về dạng `{"status_code": …, "detail": "…"}`, `detail` là một câu tiếng Việt nói
cần làm gì. Tham số hay trường bị từ chối có thêm `extra`: danh sách
`{"key", "source", "message"}`, mỗi tham số hay trường một mục (`key` là tên của nó, hoặc
đường dẫn trong body như `filter.status`).
"""

SECURITY_SCHEMES = {
    "BearerToken": SecurityScheme(
        type="http",
        scheme="bearer",
        description="An API token: `manage.py issue-token`, or «Cấp mã truy cập API» in the admin",
    ),
    "AdminSession": SecurityScheme(
        type="apiKey",
        name="id",
        security_scheme_in="cookie",
        description="The admin's session cookie (log in at /admin/); writes also need the "
        "header X-CSRFToken equal to the cookie csrftoken",
    ),
}

OPENAPI = OpenAPIConfig(
    title=SITE_NAME,
    version="0.1.0",
    description=DESCRIPTION,
    path="/schema",
    components=Components(security_schemes=SECURITY_SCHEMES),
    security=[{"BearerToken": []}, {"AdminSession": []}],
    render_plugins=[
        SwaggerRenderPlugin(
            version=SWAGGER_UI_VERSION,
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
            path=["/", "/swagger"],
        )
    ],
)

swagger_assets = create_static_files_router(
    path=ASSETS, directories=[SWAGGER_UI], include_in_schema=False
)


class RequestModels(StructSchemaPlugin):
    """A request model (a struct that refuses unknown fields) is described by
    msgspec's own JSON schema, which says everything msgspec checks: constraints
    inside lists and unions (Litestar keeps only a field's outer ones) and
    `additionalProperties: false`. Litestar's plugin, the base class, still makes
    the component and those of the structs it names; the properties are msgspec's."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return super().is_plugin_supported_field(field_definition) and bool(
            msgspec.inspect.type_info(field_definition.type_).forbid_unknown_fields
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        kind = field_definition.type_
        _, components = msgspec.json.schema_components([kind], ref_template=COMPONENT)
        exact = components[kind.__name__]
        # JSON Schema as dicts, which the document takes as they are.
        schema.properties = exact["properties"]
        schema.required = exact.get("required", [])
        schema.additional_properties = exact["additionalProperties"]
        return schema
