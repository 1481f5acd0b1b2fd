"""`GET /api/progress/export`: the figures of `/api/progress` as a spreadsheet.

The rows are built from the very figures the JSON endpoint returns
(`domain.progress.family`), so the two cannot disagree: a row per child, then
the unit's own total.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from litestar import Response, get
from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Parameter
from xlsxwriter import Workbook

from domain.progress import Family, Figures, band, family, percent
from domain.vocabulary import BANDS, STATUSES
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
