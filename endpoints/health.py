"""`GET /api/health`: the only endpoint that answers without a login."""

import msgspec
from litestar import Response, get
from litestar.openapi.datastructures import ResponseSpec

from domain.database import ping


class Health(msgspec.Struct):
    status: str
    database: str


@get(
    "/api/health",
    summary="Is the service up, and does the database answer?",
    security=[{}],  # no login
    responses={
        503: ResponseSpec(data_container=Health, description="The database does not answer")
    },
)
async def health() -> Response[Health]:
    ok = await ping()
    return Response(
        Health(status="ok" if ok else "degraded", database="ok" if ok else "unreachable"),
        status_code=200 if ok else 503,
    )
