"""Query parameters the progress endpoints and the spreadsheet export share, with
their documentation and examples (for the OpenAPI schema)."""

from litestar.openapi.spec import Example
from litestar.params import Parameter

from domain.values import ID_MAX, NO_NUL

PHASE_HELP = "A phase's code, a programme's code, or `programme` for the whole programme"


def examples(*values: object) -> list[Example]:
    return [Example(summary=str(value), value=value) for value in values]


# Codes are text without NUL (which PostgreSQL's text cannot hold).
UNIT = Parameter(description="A unit's code", pattern=NO_NUL, examples=examples("TN", "TN-DH"))
PHASE = Parameter(description=PHASE_HELP, pattern=NO_NUL, examples=examples("GD1", "programme"))
WITHIN = Parameter(
    description="The units under this unit", pattern=NO_NUL, examples=examples("TN", "TN-DH")
)
AS_OF = Parameter(
    description="Count only what was submitted and approved by this day (Vietnam time)",
    examples=examples("2022-07-15"),
)
# A page: at most 1000 rows, from any row a table can hold.
LIMIT = Parameter(ge=1, le=1000, description="Rows in the page")
OFFSET = Parameter(ge=0, le=ID_MAX, description="Rows to skip before the page")
