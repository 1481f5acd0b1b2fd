"""Query parameters the progress endpoints and the spreadsheet export share, with
their documentation and the 404 they may answer (for the OpenAPI schema)."""

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Parameter

PHASE_HELP = "A phase's code, a programme's code, or `programme` for the whole programme"


def examples(*values: object) -> list[Example]:
    return [Example(summary=str(value), value=value) for value in values]


UNIT = Parameter(description="A unit's code", examples=examples("TN", "TN-DH"))
PHASE = Parameter(description=PHASE_HELP, examples=examples("GD1", "programme"))
WITHIN = Parameter(description="The units under this unit", examples=examples("TN", "VN"))
AS_OF = Parameter(
    description="Count only what was submitted and approved by this day (Vietnam time)",
    examples=examples("2022-07-15"),
)
NOT_FOUND = {
    404: ResponseSpec(
        data_container=dict,
        description="Unknown unit or phase, or a unit outside the caller's scope",
        examples=[
            Example(
                summary="unknown unit",
                value={
                    "status_code": 404,
                    "detail": "Tham số «unit»: không có đơn vị mã «XX» trong phạm vi của bạn.",
                },
            )
        ],
    )
}
