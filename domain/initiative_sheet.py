"""The initiatives list as a spreadsheet Excel opens as is (issue 14, item 5).

One row per initiative the caller sees (the database's row security decides, as
in the admin's list: run it inside the caller's scoped transaction), newest
first, picked by the one filter of every door (`domain.selection.Filter`; without
a status: every status). Headers are the admin's Vietnamese labels, choices
their labels, units «code – name», dates real Excel dates shown dd/mm/yyyy,
amounts numbers shown «#,##0» (Excel writes the separators of its locale:
150.000.000 in a Vietnamese one), a title row, a frozen header and an autofilter.

Memory stays bounded whatever the scope: rows come from a server-side cursor in
batches and XlsxWriter's constant-memory mode writes each row out as it comes
(text inline, never a formula), into a temporary file the caller streams and
deletes. The writing runs in a worker thread, batch by batch, so the event loop
keeps serving others.
"""

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

import anyio.to_thread
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from domain import workflow
from domain.callers import Caller
from domain.database import engine
from domain.errors import Invalid
from domain.history import UNIT_OUTSIDE
from domain.labels import COLUMN_LABELS
from domain.progress import VIETNAM
from domain.selection import LABELS, Filter
from domain.shown import grouped, local_time
from domain.vocabulary import (
    FIELDS,
    RECOGNITION_FORMS,
    RECOGNITION_SCOPES,
    SOLUTION_TYPES,
    STATUSES,
)
from tables.initiatives import Initiative
from tables.units import Unit

# Excel's rows, less the title and the header.
ROW_LIMIT = 1_048_576 - 2
BATCH = 2_000
TOO_MANY = (
    "Danh sách có {count} sáng kiến, quá {limit} dòng một bảng tính Excel chứa được: "
    "hãy lọc bớt (theo giai đoạn, trạng thái, đơn vị hoặc ngày gửi)."
)
LABELLED = {
    "field": FIELDS,
    "solution_type": SOLUTION_TYPES,
    "recognition_form": RECOGNITION_FORMS,
    "recognition_scope": RECOGNITION_SCOPES,
    "status": STATUSES,
}


@dataclass(frozen=True)
class Column:
    name: str  # the initiative's column (its label is the admin's)
    kind: str  # text, number, label, unit, date, moment, money, yes_no
    width: int


COLUMNS = [
    Column("id", "number", 9),
    Column("code", "text", 16),
    Column("title", "text", 50),
    Column("field", "label", 24),
    Column("solution_type", "label", 22),
    Column("unit", "unit", 40),
    Column("reviewing_unit", "unit", 40),
    Column("submitted_on", "date", 12),
    Column("first_applied_on", "date", 12),
    Column("benefit_vnd", "money", 18),
    Column("recognition_form", "label", 26),
    Column("decision_number", "text", 16),
    Column("decision_date", "date", 12),
    Column("issuing_body", "text", 30),
    Column("recognition_scope", "label", 18),
    Column("confidential", "yes_no", 9),
    Column("status", "label", 14),
    Column("decided_at", "moment", 17),
    Column("decision_note", "text", 40),
]
HEADERS = ["Mã số" if c.name == "id" else COLUMN_LABELS["initiative"][c.name] for c in COLUMNS]
SELECTED = [
    *(getattr(Initiative, c.name) for c in COLUMNS if c.kind != "unit"),
    Initiative.unit.code.as_alias("unit_code"),
    Initiative.unit.name.as_alias("unit_name"),
    Initiative.reviewing_unit.code.as_alias("reviewing_unit_code"),
    Initiative.reviewing_unit.name.as_alias("reviewing_unit_name"),
    # The union it went to, usually above a unit account's scope: its name anyway.
    workflow.reviewing_name("reviewing_unit_any"),
]


@dataclass(frozen=True)
class Sheet:
    path: str  # a temporary file: the caller deletes it once sent
    rows: int
    file_name: str


async def _where(spec: Filter) -> list:
    """The filter's conditions; without a status, every status."""
    where = await workflow.conditions(spec)
    if spec.status:
        where.append(Initiative.status == spec.status)
    return where


async def count(spec: Filter) -> int:
    """How many rows the sheet would have (as the caller sees them)."""
    return await Initiative.count().where(*await _where(spec))


async def write_sheet(caller: Caller, spec: Filter) -> Sheet:
    """The caller's initiatives matching `spec`, written to a temporary xlsx file.
    Run inside the caller's transaction (domain.scope)."""
    where = await _where(spec)
    count = await Initiative.count().where(*where)
    if count > ROW_LIMIT:
        raise Invalid(TOO_MANY.format(count=grouped(count), limit=grouped(ROW_LIMIT)))
    query = Initiative.select(*SELECTED).where(*where).order_by(Initiative.id, ascending=False)
    sql, args = query.querystrings[0].compile_string(engine_type="postgres")
    handle, path = tempfile.mkstemp(prefix="sang-kien-", suffix=".xlsx")
    os.close(handle)
    try:
        book = Workbook(path, {"constant_memory": True, "strings_to_formulas": False})
        sheet, write_row = _layout(book, await _title(caller, spec), count)
        written = 0
        async with engine().transaction() as transaction:  # the caller's, when it has one
            cursor = await transaction.connection.cursor(sql, *args)
            while batch := await cursor.fetch(BATCH):
                await anyio.to_thread.run_sync(_write_rows, write_row, batch, written + 2)
                written += len(batch)
        await anyio.to_thread.run_sync(book.close)
    except BaseException:
        os.unlink(path)
        raise
    return Sheet(path, written, f"sang-kien-{datetime.now(VIETNAM):%Y-%m-%d}.xlsx")


def _layout(book: Workbook, title: str, count: int) -> tuple[Worksheet, Callable]:
    sheet = book.add_worksheet("Sáng kiến")
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    formats = {
        "number": book.add_format({"num_format": "0"}),
        "money": book.add_format({"num_format": "#,##0"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "moment": book.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
    }
    for c, column in enumerate(COLUMNS):
        sheet.set_column(c, c, column.width)
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(1, count + 1), len(COLUMNS) - 1)
    sheet.write_string(0, 0, title, bold)
    sheet.write_row(1, 0, HEADERS, header)

    def write_row(r: int, row) -> None:
        for c, column in enumerate(COLUMNS):
            value = _value(column, row)
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, c, value, formats[column.kind])
            else:
                sheet.write_number(r, c, value, formats[column.kind])

    return sheet, write_row


def _write_rows(write_row: Callable, rows: list, first: int) -> None:
    for offset, row in enumerate(rows):
        write_row(first + offset, row)


def _value(column: Column, row) -> str | int | datetime | None:
    kind = column.kind
    if kind == "unit":
        code = row[f"{column.name}_code"]
        if code is not None:
            return f"{code} – {row[f'{column.name}_name']}"
        return row.get(f"{column.name}_any") or UNIT_OUTSIDE
    value = row[column.name]
    if value is None or value == "":
        return None
    if kind == "label":
        return LABELLED[column.name].get(value, value)
    if kind == "date":
        return datetime.combine(value, time())
    if kind == "moment":  # Vietnam time; Excel has no time zones
        return value.astimezone(VIETNAM).replace(tzinfo=None)
    if kind == "yes_no":
        return "Có" if value else "Không"
    return value


async def _title(caller: Caller, spec: Filter) -> str:
    """Whose list, which filter, when: the sheet's first row."""
    whose = "Toàn hệ thống"
    if caller.unit_id is not None:
        unit = await Unit.select(Unit.name).where(Unit.id == caller.unit_id).first()
        whose = unit["name"] if unit else whose
    chosen = []
    for name in Filter.__struct_fields__:
        value = getattr(spec, name)
        if value is None:
            continue
        if name in LABELLED:
            value = LABELLED[name].get(value, value)
        elif isinstance(value, date):
            value = f"{value:%d/%m/%Y}"
        elif isinstance(value, int):
            value = grouped(value)
        chosen.append(f"{LABELS[name]}: {value}")
    made = datetime.now(VIETNAM)
    return " – ".join(["Danh sách sáng kiến", whose, *chosen, f"lập lúc {local_time(made)}"])
