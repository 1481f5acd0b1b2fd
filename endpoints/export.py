"""Spreadsheets. `GET /api/progress/export`: the figures of `/api/progress`; the
rows are built from the very figures the JSON endpoint returns
(`domain.progress.family`), so the two cannot disagree: a row per child, then
the unit's own total. `GET /api/initiatives/export`: the initiatives list
(`domain.initiative_sheet`), streamed from a temporary file.
"""

import csv
import io
import os
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from litestar import Request, Response, get
from litestar.background_tasks import BackgroundTask
from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Parameter
from litestar.response import File
from xlsxwriter import Workbook

from domain.callers import Caller
from domain.initiative_sheet import write_sheet
from domain.progress import Family, Figures, band, family, percent
from domain.selection import LABELS, Filter
from domain.values import AMOUNT_MAX, NO_NUL
from domain.vocabulary import BANDS, STATUSES, Field, Status
from endpoints.answers import answers
from endpoints.params import AS_OF, PHASE, UNIT

HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Chỉ tiêu",
    *(STATUSES[status] for status in ("approved", "pending", "returned", "rejected")),
    "Tỷ lệ hoàn thành (%)",
    "Nhóm",
    "Giá trị làm lợi (đồng)",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def table(progress: Family) -> list[list]:
    """Children, then the total row (the unit itself), as spreadsheet values."""

    def cells(row: Figures, name: str) -> list:
        value = percent(row.counts.valid, row.target)
        return [
            row.unit["code"],
            name,
            row.target,
            row.counts.valid,
            row.counts.pending,
            row.counts.returned,
            row.counts.rejected,
            None if value is None else float(value),
            BANDS[band(value)],
            int(row.counts.benefit_vnd),
        ]

    rows = [cells(child, child.unit["name"]) for child in progress.children]
    rows.append(cells(progress.own, f"Tổng cộng: {progress.own.unit['name']}"))
    return rows


def xlsx(progress: Family) -> bytes:
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Tiến độ")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    count = book.add_format({"num_format": "#,##0"})
    percent = book.add_format({"num_format": "0.0"})
    vnd = book.add_format({"num_format": "#,##0"})
    total = book.add_format({"bold": True})
    formats = [None, None, count, count, count, count, count, percent, None, vnd]
    window = progress.window
    title = (
        f"{progress.own.unit['name']} – {window.name} "
        f"({window.start:%d/%m/%Y}–{window.end:%d/%m/%Y})"
    )
    if progress.as_of:
        title += f", tính đến {progress.as_of:%d/%m/%Y}"
    sheet.write(0, 0, title, total)
    sheet.write_row(1, 0, HEADERS, bold)
    rows = table(progress)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            sheet.write(r, c, value, formats[c])
    sheet.set_row(len(rows) + 1, None, total)
    sheet.freeze_panes(2, 2)
    sheet.autofilter(1, 0, len(rows), len(HEADERS) - 1)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 8, 12)
    sheet.set_column(9, 9, 20)
    book.close()
    return buffer.getvalue()


def csv_text(progress: Family) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for values in table(progress):
        writer.writerow(["" if v is None else v for v in values])
    return "\ufeff" + out.getvalue()  # BOM: Excel then reads UTF-8 Vietnamese


@dataclass
class SpreadsheetOperation(Operation):
    """The file answer in its two formats (Litestar documents one media type per
    status), with the file's name."""

    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        name = OpenAPIHeader(
            schema=Schema(type=OpenAPIType.STRING, pattern=r'^attachment; filename=".+"$'),
            required=True,
            description='`attachment; filename="tien-do-<unit>-<phase>.<format>"`',
        )
        self.responses["200"] = OpenAPIResponse(
            description="The spreadsheet: xlsx (the default) or csv (UTF-8 with a BOM)",
            headers={"Content-Disposition": name},
            content={
                XLSX: OpenAPIMediaType(schema=binary),
                "text/csv": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
            },
        )


@get(
    "/api/progress/export",
    summary="The figures of /api/progress as a spreadsheet",
    responses=answers(400, 404),
    operation_class=SpreadsheetOperation,
)
async def export_progress(
    unit: Annotated[str, UNIT],
    phase: Annotated[str, PHASE],
    as_of: Annotated[date | None, AS_OF] = None,
    format: Annotated[Literal["xlsx", "csv"], Parameter(description="Spreadsheet format")] = "xlsx",
) -> Response:
    progress = await family(unit, phase, as_of)
    name = f"tien-do-{progress.own.unit['code']}-{progress.window.code}"
    if format == "csv":
        body, media = csv_text(progress).encode(), CSV
    else:
        body, media = xlsx(progress), XLSX
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    return Response(body, media_type=media, headers=headers)


@dataclass
class InitiativeSheetOperation(Operation):
    """The initiatives list's file answer, with its name."""

    def __post_init__(self) -> None:
        name = OpenAPIHeader(
            schema=Schema(type=OpenAPIType.STRING, pattern=r'^attachment; filename=".+"$'),
            required=True,
            description='`attachment; filename="sang-kien-<yyyy-mm-dd>.xlsx"`',
        )
        self.responses["200"] = OpenAPIResponse(
            description="The spreadsheet (xlsx): Vietnamese headers, choices by their labels, "
            "dates as Excel dates (dd/mm/yyyy), amounts as numbers (#,##0)",
            headers={"Content-Disposition": name},
            content={
                XLSX: OpenAPIMediaType(
                    schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                )
            },
        )


def _filter_param(name: str, **limits) -> Parameter:
    """A query parameter of the filter (domain.selection), its limits stated here:
    a query parameter's Annotated type inside a union is not checked by them."""
    return Parameter(description=f"{LABELS[name]} ({FILTER_HINTS[name]})", required=False, **limits)


AMOUNT = {"ge": 0, "le": AMOUNT_MAX}
TEXT = {"pattern": NO_NUL}


FILTER_HINTS = {
    "reviewing_unit": "sent to this unit, by code",
    "within": "sent to this unit or a unit under it, by code",
    "phase": "submitted in this phase or programme, by code",
    "status": "only this status; none: every status",
    "submitted_from": "submitted on or after",
    "submitted_to": "submitted on or before",
    "field": "only this field",
    "benefit_min": "whole đồng",
    "benefit_max": "whole đồng",
    "text": "in the title or code; % and _ as typed",
}


@get(
    "/api/initiatives/export",
    summary="The initiatives in the caller's scope as a spreadsheet (xlsx), newest first",
    description="The rows the caller sees (as in the admin's list), picked by the filter "
    "of `POST /api/approvals` given as query parameters (every status when none is given); "
    "at most 1,048,574 rows (Excel's limit, else 400: filter more).",
    responses=answers(400, 404),
    operation_class=InitiativeSheetOperation,
)
async def export_initiatives(
    request: Request[Caller, str, object],
    reviewing_unit: Annotated[str | None, _filter_param("reviewing_unit", **TEXT)] = None,
    within: Annotated[str | None, _filter_param("within", **TEXT)] = None,
    phase: Annotated[str | None, _filter_param("phase", **TEXT)] = None,
    status: Annotated[Status | None, _filter_param("status")] = None,
    submitted_from: Annotated[date | None, _filter_param("submitted_from")] = None,
    submitted_to: Annotated[date | None, _filter_param("submitted_to")] = None,
    field: Annotated[Field | None, _filter_param("field")] = None,
    benefit_min: Annotated[int | None, _filter_param("benefit_min", **AMOUNT)] = None,
    benefit_max: Annotated[int | None, _filter_param("benefit_max", **AMOUNT)] = None,
    text: Annotated[str | None, _filter_param("text", **TEXT)] = None,
) -> File:
    spec = Filter(
        reviewing_unit=reviewing_unit,
        within=within,
        phase=phase,
        status=status,
        submitted_from=submitted_from,
        submitted_to=submitted_to,
        field=field,
        benefit_min=benefit_min,
        benefit_max=benefit_max,
        text=text,
    )
    sheet = await write_sheet(request.user, spec)
    # Sent from disk in chunks, then deleted.
    return File(
        path=sheet.path,
        filename=sheet.file_name,
        media_type=XLSX,
        background=BackgroundTask(os.unlink, sheet.path),
    )
