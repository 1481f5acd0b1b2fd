"""An initiative's edit history in words (the database records it: db/history/).

The rows hold each value as PostgreSQL prints it (dates yyyy-mm-dd, amounts in
whole đồng, units by id, choices by their code). A person reads them here: the
field by its label (domain.labels), dates dd/mm/yyyy, amounts «1.234.567 đ»,
shares «60,5 %», choices and units by name, an empty value as «(trống)». The API
gives both (scripts compare the raw values), the admin only the words
(admin/history.py). Read as the caller: a unit outside their scope is named by
its name alone (db/functions/unit_name.sql).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.shown import local_time, money
from domain.typed import plain_text
from domain.vocabulary import (
    EDITED_FIELDS,
    FIELDS,
    RECOGNITION_FORMS,
    RECOGNITION_SCOPES,
    SOLUTION_TYPES,
)
from tables.initiatives import InitiativeEdit
from tables.units import Unit

EMPTY = "(trống)"
UNIT_OUTSIDE = "Đơn vị ngoài phạm vi của tài khoản"
NO_ACCOUNT = "Hệ thống (không qua tài khoản)"
DATES = {"submitted_on", "first_applied_on", "decision_date"}
UNITS = {"unit", "reviewing_unit"}
CHOICES = {
    "field": FIELDS,
    "solution_type": SOLUTION_TYPES,
    "recognition_form": RECOGNITION_FORMS,
    "recognition_scope": RECOGNITION_SCOPES,
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    field: str
    author: str | None  # the author whose share changed
    old: str | None  # as stored
    new: str | None
    by: str | None  # the account's username; None: no account (maintenance)
    old_shown: str
    new_shown: str

    @property
    def label(self) -> str:
        if self.author is not None:
            return f"{EDITED_FIELDS[self.field]}: {self.author}"
        return EDITED_FIELDS[self.field]

    @property
    def at_shown(self) -> str:
        return local_time(self.at)

    @property
    def by_shown(self) -> str:
        return self.by or NO_ACCOUNT


def shown(field: str, value: str | None, units: dict[int, str]) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if field in DATES:
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    if field == "benefit_vnd":
        return money(int(value))
    if field == "share":
        return f"{Decimal(value).normalize():f} %".replace(".", ",")
    if field in CHOICES:
        return CHOICES[field].get(value, value)
    if field == "confidential":
        return "Có" if value == "true" else "Không"
    if field in UNITS:
        return units.get(int(value), UNIT_OUTSIDE)  # a unit since deleted
    if field == "summary":  # the admin's rich text: its words, not its tags
        return " ".join(plain_text(value).split()) or EMPTY
    return value


async def unit_names(ids: set[int]) -> dict[int, str]:
    """«code – name» of the units the caller may see; the others (say, the union
    a transfer sent it to) by their name, which any reader may have."""
    if not ids:
        return {}
    rows = await Unit.select(Unit.id, Unit.code, Unit.name).where(Unit.id.is_in(list(ids)))
    names = {row["id"]: f"{row['code']} – {row['name']}" for row in rows}
    if hidden := sorted(ids - names.keys()):
        named = "SELECT id, unit_name(id) AS name FROM unnest({}::integer[]) id"
        rows = await Unit.raw(named, hidden)
        names |= {row["id"]: row["name"] for row in rows if row["name"] is not None}
    return names


def _unit_ids(rows: list[dict]) -> set[int]:
    return {
        int(row[key])
        for row in rows
        if row.get("field") in UNITS
        for key in ("old_value", "new_value")
        if row.get(key)
    }


async def words(rows: list[dict], times: bool = True) -> list[dict]:
    """Rows of initiative_edit as the admin reads them (any of their columns): the
    values in words, in place, the time in Vietnam's (`times`: a list's cells; a
    row's page keeps it for its date-time field) and no empty account. A row
    without its field (not asked for) keeps its values."""
    units = await unit_names(_unit_ids(rows))
    out = []
    for row in rows:
        row = dict(row)
        for key in ("old_value", "new_value"):
            if key in row and "field" in row:
                row[key] = shown(row["field"], row[key], units)
        if times and isinstance(row.get("at"), str):
            row["at"] = local_time(datetime.fromisoformat(row["at"]))
        if "actor_name" in row:
            row["actor_name"] = row["actor_name"] or NO_ACCOUNT
        out.append(row)
    return out


async def history(initiative_id: int) -> list[Entry]:
    """The initiative's edit history, oldest first, as the caller may read it."""
    rows = await (
        InitiativeEdit.select(
            InitiativeEdit.at,
            InitiativeEdit.field,
            InitiativeEdit.author_name,
            InitiativeEdit.old_value,
            InitiativeEdit.new_value,
            InitiativeEdit.actor_name,
        )
        .where(InitiativeEdit.initiative == initiative_id)
        .order_by(InitiativeEdit.at)
        .order_by(InitiativeEdit.id)
    )
    units = await unit_names(_unit_ids(rows))
    return [
        Entry(
            at=row["at"],
            field=row["field"],
            author=row["author_name"] if row["field"] == "share" else None,
            old=row["old_value"],
            new=row["new_value"],
            by=row["actor_name"] or None,
            old_shown=shown(row["field"], row["old_value"], units),
            new_shown=shown(row["field"], row["new_value"], units),
        )
        for row in rows
    ]
