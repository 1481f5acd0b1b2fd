"""One initiative entered on one form: its fields and its authors with their shares,
read from what a person typed, checked field by field, and written in the request's
one transaction (the initiative, new authors, authorships) through the same tables,
roles and rules as every other door (domain/scope.py runs the request as the
caller; the database's rules and edit history apply as they do to the admin).

What is typed stays text until it is read (`Typed`), so that a refused form comes
back exactly as it was left; each problem is keyed by the form's field, in words
naming the field. Values typed the Vietnamese way are read by `domain.typed`.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from asyncpg.exceptions import (
    DataError,
    InsufficientPrivilegeError,
    IntegrityConstraintViolationError,
)

from domain import search, typed
from domain.callers import Caller
from domain.database import engine
from domain.labels import column_label
from domain.values import ID_MAX
from domain.violations import explain
from domain.vocabulary import (
    FIELDS,
    RECOGNITION_FORMS,
    RECOGNITION_SCOPES,
    SENDING_ROLES,
    SOLUTION_TYPES,
    STATUSES,
)
from tables.initiatives import Author, Authorship, Initiative
from tables.units import Unit

# What staff set on an initiative: everything but the workflow's columns (status,
# the date sent, decision time, decider, decision note), the reviewing union (the
# database routes it) and the creation time.
COLUMNS = (
    "code", "title", "unit", "field", "solution_type", "summary", "first_applied_on",
    "benefit_vnd", "recognition_form", "decision_number", "decision_date", "issuing_body",
    "recognition_scope", "confidential",
)  # fmt: skip
TEXTS = ("code", "title", "summary", "decision_number", "issuing_body")
DATES = ("first_applied_on", "decision_date")
CHOICES = {
    "field": FIELDS,
    "solution_type": SOLUTION_TYPES,
    "recognition_form": RECOGNITION_FORMS,
    "recognition_scope": RECOGNITION_SCOPES,
}
AUTHOR_TEXTS = ("name", "position", "workplace")
EDITABLE = ("draft", "pending", "returned")
BLANK_ROWS = 2  # empty author rows a new form offers (more: «Thêm dòng tác giả»)
MAX_ROWS = 50
NAMESAKES = 10

AUTHORS = "authors"  # the key of problems about the authors as a whole
REFUSED = "Không được phép: thay đổi này nằm ngoài phạm vi đơn vị hoặc quyền của tài khoản."
UNSTORABLE = "Có giá trị cơ sở dữ liệu không nhận được (ví dụ ký tự lạ): hãy kiểm tra lại."
CHANGED_MEANWHILE = (
    "Sáng kiến vừa được người khác sửa hoặc gửi, duyệt trong lúc bạn nhập. Chưa lưu gì: nội dung "
    "bạn nhập vẫn ở dưới; hãy mở lại trang sửa để xem bản mới nhất rồi nhập lại thay đổi."
)
# Which field a database rule's refusal belongs to (domain.violations names the
# rule): the first prefix that matches; none, the form's top.
FIELD_OF = (
    ("initiative_code", "code"),
    ("initiative_title", "title"),
    ("initiative_unit", "unit"),
    ("initiative_no_upper_union", "unit"),
    ("initiative_pending_unit_fixed", "unit"),
    ("initiative_out_of_scope", "unit"),
    ("initiative_sent_to_parent", "unit"),
    ("initiative_applied", "first_applied_on"),
    ("initiative_decision_", "decision_date"),
    ("initiative_benefit", "benefit_vnd"),
    ("initiative_field", "field"),
    ("initiative_solution_type", "solution_type"),
    ("initiative_recognition_form", "recognition_form"),
    ("initiative_recognition_scope", "recognition_scope"),
    ("author", AUTHORS),  # author_* and authorship_*
)


def label(name: str) -> str:
    return column_label("initiative", name)


def author_label(name: str) -> str:
    return column_label("author", name) if name != "share" else "Tỷ lệ đóng góp (%)"


@dataclass
class AuthorRow:
    """One author line as typed: an existing author (`author_id`) or a new one."""

    author_id: int | None = None
    name: str = ""
    birth_year: str = ""
    position: str = ""
    workplace: str = ""
    share: str = ""
    remove: bool = False
    new_ok: bool = False  # a new author although namesakes exist
    # For the form: an existing author's particulars, and namesakes to choose from.
    about: str = ""
    namesakes: list[dict] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return self.author_id is None and not any(
            getattr(self, name).strip() for name in ("name", "birth_year", "share")
        )


@dataclass
class Typed:
    """The form as typed: every field as text, the author lines, and (editing) the
    fingerprint of the initiative as it was when the form was opened."""

    values: dict[str, str]
    authors: list[AuthorRow]
    version: str = ""


@dataclass
class Problems:
    by_field: dict[str, str] = field(default_factory=dict)
    by_row: dict[int, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.by_field or self.by_row or self.general)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, message)

    def all(self) -> list[str]:
        return [*self.general, *self.by_field.values(), *self.by_row.values()]


@dataclass
class Checked:
    """What the form holds once read: the initiative's values and the author lines
    (existing by id, new by their values), each with its share."""

    values: dict
    authors: list[tuple[int | None, dict, Decimal]]


def blank() -> Typed:
    values = dict.fromkeys(COLUMNS, "")
    values.update(solution_type="technical", recognition_form="other")
    values.update(recognition_scope="organisation", confidential="")
    return Typed(values, [AuthorRow() for _ in range(BLANK_ROWS)])


def _field(form, name: str) -> str:
    # In the form Vietnamese text is kept (NFC, vietnamese-office.md): a Mac may send
    # «ễ» decomposed, which compares unequal to the same name typed elsewhere.
    return unicodedata.normalize("NFC", str(form.get(name) or ""))


def read(form) -> Typed:
    """The form's fields as text (nothing interpreted yet)."""
    values = {name: _field(form, name) for name in COLUMNS}
    values["confidential"] = "on" if form.get("confidential") else ""
    try:
        rows = min(int(form.get("rows") or 0), MAX_ROWS)
    except ValueError:
        rows = 0
    authors = []
    for i in range(rows):

        def get(name: str, i: int = i) -> str:
            return _field(form, f"a{i}_{name}")

        pick = get("pick")
        chosen = pick if _an_id(pick) else get("id")
        authors.append(
            AuthorRow(
                author_id=int(chosen) if _an_id(chosen) else None,
                name=get("name"),
                birth_year=get("birth_year"),
                position=get("position"),
                workplace=get("workplace"),
                share=get("share"),
                remove=bool(get("remove")),
                new_ok=pick == "new" or bool(get("new_ok")),
                about=get("about"),
            )
        )
    return Typed(values, authors, str(form.get("version") or ""))


def _an_id(text: str) -> bool:
    """A record's id as a form sends it: ASCII digits within PostgreSQL's integer
    («²» is a digit to str.isdigit, and int() of it fails)."""
    return bool(re.fullmatch(r"[0-9]{1,10}", text)) and 1 <= int(text) <= ID_MAX


def _text(values: dict[str, str], name: str, problems: Problems) -> str:
    value = values[name].strip() if name != "summary" else values[name].strip("\r\n")
    limit = getattr(getattr(Initiative, name), "length", None)
    if "\x00" in value:
        problems.add(name, f"«{label(name)}» có ký tự không hợp lệ: hãy gõ lại.")
    elif limit and len(value) > limit:
        problems.add(
            name,
            f"«{label(name)}» dài {len(value)} ký tự, quá {limit} ký tự cho phép: hãy rút gọn.",
        )
    return value


async def check(caller: Caller, entry: Typed, stored: dict | None) -> tuple[Checked, Problems]:
    """Read every field (a problem per field, so that all are shown at once)."""
    problems = Problems()
    v = entry.values
    values: dict = {name: _text(v, name, problems) for name in TEXTS}
    if not values["title"]:
        problems.add("title", f"«{label('title')}» không được để trống: hãy nhập tên sáng kiến.")
    for name, labels in CHOICES.items():
        if v[name] not in labels:
            problems.add(name, f"Hãy chọn «{label(name)}» trong danh sách.")
        values[name] = v[name]
    for name in DATES:
        try:
            values[name] = typed.day(v[name])
        except typed.Unreadable as why:
            problems.add(name, f"«{label(name)}»: {why}.")
    try:
        values["benefit_vnd"] = typed.amount(v["benefit_vnd"])
    except typed.Unreadable as why:
        problems.add("benefit_vnd", f"«{label('benefit_vnd')}»: {why}.")
    values["confidential"] = bool(v["confidential"])
    if stored is not None and stored["status"] == "pending":
        values["unit"] = stored["unit"]  # fixed while its reviewer decides (the form shows why)
    else:
        values["unit"] = await _unit(v["unit"], problems, stored["unit"] if stored else None)
    authors = await _authors(entry.authors, problems)
    return Checked(values, authors), problems


async def _unit(text: str, problems: Problems, current: int | None) -> int | None:
    """The unit picked, as the list offers them (active, below the root); the
    initiative's own unit stays acceptable after it closed."""
    code = text.split(" – ", 1)[0].strip()
    if not code:
        problems.add("unit", f"Hãy chọn «{label('unit')}»: công đoàn cơ sở của tác giả.")
        return None
    # Read as the caller: a unit outside their scope is not found.
    row = await (
        Unit.select(Unit.id, Unit.name, Unit.active, Unit.parent).where(Unit.code == code).first()
    )
    if row is None:
        problems.add(
            "unit",
            f"«{label('unit')}»: không có đơn vị mã «{code}» trong phạm vi của bạn; "
            "hãy chọn trong danh sách.",
        )
        return None
    if row["id"] != current and not (row["active"] and row["parent"]):
        why = "đã ngừng hoạt động" if not row["active"] else "là cấp cao nhất, không có nơi duyệt"
        problems.add(
            "unit",
            f"«{label('unit')}»: đơn vị «{code} – {row['name']}» {why}; "
            "hãy chọn đơn vị khác trong danh sách.",
        )
        return None
    return row["id"]


async def _authors(
    rows: list[AuthorRow], problems: Problems
) -> list[tuple[int | None, dict, Decimal]]:
    kept = [(n, row) for n, row in enumerate(rows, 1) if not row.remove and not row.blank]
    out: list[tuple[int | None, dict, Decimal]] = []
    seen: set[int] = set()
    total = Decimal(0)  # of every share that reads, whatever else a line lacks
    for n, row in kept:
        where = f"Tác giả thứ {n}"
        try:
            share = typed.share(row.share)
        except typed.Unreadable as why:
            problems.by_row[n] = f"{where}, «{author_label('share')}»: {why}."
            continue
        if share is None:
            if len(kept) > 1:
                problems.by_row[n] = (
                    f"{where}: hãy nhập «{author_label('share')}» (sáng kiến có nhiều tác giả)."
                )
                continue
            share = Decimal(100)
        total += share
        if row.author_id is not None:
            if row.author_id in seen:
                problems.by_row[n] = f"{where}: tác giả này đã có ở dòng trên; hãy bỏ một dòng."
                continue
            seen.add(row.author_id)
            found = await Author.select(Author.id).where(Author.id == row.author_id).first()
            if found is None:
                problems.by_row[n] = (
                    f"{where}: tác giả này không thuộc phạm vi đơn vị của bạn; hãy chọn tác "
                    "giả trong danh sách gợi ý hoặc nhập tác giả mới."
                )
                continue
            out.append((row.author_id, {}, share))
            continue
        new = await _new_author(n, row, problems)
        if new is not None:
            out.append((None, new, share))
    if total > 100:
        problems.add(
            AUTHORS,
            f"Tổng tỷ lệ đóng góp của các tác giả là {typed.share_shown(total)} %, quá 100 %: "
            "hãy giảm tỷ lệ của một số tác giả.",
        )
    return out


async def _new_author(n: int, row: AuthorRow, problems: Problems) -> dict | None:
    where = f"Tác giả thứ {n}"
    values = {name: getattr(row, name).strip() for name in AUTHOR_TEXTS}
    if not values["name"]:
        problems.by_row[n] = f"{where}: hãy nhập «{author_label('name')}»."
        return None
    for name, value in values.items():
        limit = getattr(Author, name).length
        if len(value) > limit or "\x00" in value:
            problems.by_row[n] = f"{where}, «{author_label(name)}»: quá {limit} ký tự."
            return None
    year = row.birth_year.strip()
    if year and not (re.fullmatch(r"[0-9]{4}", year) and 1900 <= int(year) <= 2100):
        problems.by_row[n] = (
            f"{where}, «{author_label('birth_year')}»: «{year}» không phải năm sinh "
            "(bốn chữ số, ví dụ 1985), hoặc để trống."
        )
        return None
    values["birth_year"] = int(year) if year else None
    if not row.new_ok:
        # An author of that name already on record: the person picks one, or confirms
        # a new namesake (no duplicates by accident).
        row.namesakes = await namesakes(values["name"])
        if row.namesakes:
            problems.by_row[n] = (
                f"{where}: đã có {len(row.namesakes)} tác giả tên «{values['name']}» trong "
                "phạm vi của bạn. Hãy chọn đúng người, hoặc chọn «Tác giả mới, khác người "
                "đã có» rồi lưu lại."
            )
            return None
    return values


# Authors found by name among those the caller's units keep (search_authors.sql):
# a suggestion needs some (typing more narrows them), a namesake check all.
CANDIDATES = 500
ALL_NAMESAKES = 1_000_000


async def namesakes(name: str) -> list[dict]:
    """Authors of that name (whatever its case or diacritics: «Ly Van Long» is
    «Lý Văn Long» typed in haste), as the caller sees them."""
    rows = await Author.raw(
        "SELECT a.id, a.name, a.birth_year, a.workplace, a.position, u.name AS unit_name"
        " FROM author a LEFT JOIN unit u ON u.id = a.unit"
        " WHERE a.id = ANY(author_ids_named({}, {})) ORDER BY a.id LIMIT {}",
        name,
        ALL_NAMESAKES,
        NAMESAKES,
    )
    return [{**row, "about": about(row)} for row in rows]


async def suggest(text: str, limit: int = 15) -> list[dict]:
    """Authors whose name contains `text`, for the picker (as the caller sees them)."""
    text = " ".join(text.split())[:100]
    if len(text) < 2:
        return []
    # Without diacritics or case, as every search (domain/search.py); candidates
    # found through the index (db/functions/search_authors.sql), then the scope.
    rows = await Author.raw(
        "SELECT a.id, a.name, a.birth_year, a.workplace, a.position, u.name AS unit_name"
        " FROM author a LEFT JOIN unit u ON u.id = a.unit"
        " WHERE a.id = ANY(author_ids_containing({}, {})) ORDER BY a.name, a.id LIMIT {}",
        search.typed(text),
        CANDIDATES,
        limit,
    )
    return [{"id": r["id"], "name": r["name"], "about": about(r)} for r in rows]


def about(row: dict) -> str:
    """«sinh 1985, Tổ trưởng, Phân xưởng Cơ điện, CĐCS Công ty …»: enough to tell
    namesakes apart."""
    parts = [f"sinh {row['birth_year']}" if row.get("birth_year") else ""]
    parts += [row.get("position") or "", row.get("workplace") or "", row.get("unit_name") or ""]
    return ", ".join(part for part in parts if part)


async def units(limit: int, keep: str | None = None) -> list[dict]:
    """The active units the caller may enter initiatives for (their scope), by the tree,
    and `keep` (an initiative's own unit, closed since); `limit` + 1 rows tell that
    there are more."""
    # The root has no upper union to send to.
    offered = Unit.active.eq(True) & Unit.parent.is_not_null()
    return await (
        Unit.select(Unit.id, Unit.code, Unit.name, Unit.depth)
        .where(offered | (Unit.code == keep) if keep else offered)
        .order_by(Unit.path)
        .limit(limit + 1)
    )


async def find_units(text: str, limit: int = 15) -> list[dict]:
    text = " ".join(text.split())[:100]
    if not text:
        return []
    typed_in = search.typed(text)
    either = f"{search.CONTAINS.format(column='code')} OR {search.CONTAINS.format(column='name')}"
    return await Unit.raw(
        f"SELECT code, name FROM unit WHERE active AND parent IS NOT NULL AND ({either})"
        " ORDER BY path LIMIT {}",
        typed_in,
        typed_in,
        limit,
    )


# Reading an initiative for its form.

DETAIL = (
    Initiative.id,
    Initiative.status,
    Initiative.submitted_on,
    Initiative.unit,
    Initiative.unit.code.as_alias("unit_code"),
    Initiative.unit.name.as_alias("unit_name"),
    *(getattr(Initiative, name) for name in COLUMNS if name != "unit"),
)


async def stored(initiative_id: int, lock: bool = False) -> dict | None:
    """The initiative as the caller may read it, with its authorships; None when not
    in sight. `lock`: its row held until the request's transaction ends (a save)."""
    if lock:
        await Initiative.raw("SELECT id FROM initiative WHERE id = {} FOR UPDATE", initiative_id)
    row = await Initiative.select(*DETAIL).where(Initiative.id == initiative_id).first()
    if row is None:
        return None
    row["authors"] = await (
        Authorship.select(
            Authorship.id,
            Authorship.author,
            Authorship.share,
            Authorship.author.name.as_alias("name"),
            Authorship.author.birth_year.as_alias("birth_year"),
            Authorship.author.position.as_alias("position"),
            Authorship.author.workplace.as_alias("workplace"),
            Authorship.author.unit.name.as_alias("unit_name"),
        )
        .where(Authorship.initiative == initiative_id)
        .order_by(Authorship.id)
    )
    return row


def fingerprint(row: dict) -> str:
    """What the form was opened on: a save is refused if it changed meanwhile."""
    parts = [row["status"], str(row["submitted_on"]), *(str(row[name]) for name in COLUMNS)]
    parts += [f"{a['author']}:{a['share']}" for a in row["authors"]]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def as_typed(row: dict) -> Typed:
    """A stored initiative as its form shows it: amounts with dots, dates dd/mm/yyyy,
    shares with a comma."""
    values: dict[str, str] = {}
    for name in COLUMNS:
        value = row[name if name != "unit" else "unit_code"]
        if name in DATES:
            values[name] = typed.day_shown(value)
        elif name == "benefit_vnd":
            values[name] = typed.amount_shown(value)
        elif name == "confidential":
            values[name] = "on" if value else ""
        elif name == "summary":  # the admin's editor stores HTML: its words here
            values[name] = typed.plain_text(value)
        else:
            values[name] = "" if value is None else str(value)
    authors = [
        AuthorRow(
            author_id=a["author"],
            name=a["name"],
            share=typed.share_shown(a["share"]),
            about=about(a),
        )
        for a in row["authors"]
    ]
    return Typed(values, [*authors, AuthorRow()], fingerprint(row))


def why_locked(caller: Caller, row: dict) -> str | None:
    """Why the caller may not edit this initiative here, or None."""
    if caller.role not in SENDING_ROLES:
        return (
            "Tài khoản của bạn chỉ xem được; việc nhập, sửa sáng kiến do cán bộ nhập liệu "
            "hoặc lãnh đạo đơn vị thực hiện."
        )
    if row["unit_code"] is None:
        return (
            "Sáng kiến này do đơn vị khác gửi đến đơn vị của bạn để duyệt: nội dung do đơn vị "
            "gửi sửa. Khi cần bổ sung, hãy trả lại để bổ sung kèm ý kiến."
        )
    if row["status"] in ("approved", "rejected"):
        return (
            f"Sáng kiến đã được duyệt («{STATUSES[row['status']]}») nên không sửa được: nội dung "
            "và tác giả được giữ như khi duyệt. Nếu cần sửa, đề nghị lãnh đạo đơn vị duyệt mở "
            "lại sáng kiến (trả lại để bổ sung), sau đó sửa rồi gửi lại."
        )
    if row["status"] not in EDITABLE:
        return (
            f"Sáng kiến đã rút («{STATUSES[row['status']]}»): không gửi lại được nên không sửa "
            "nữa. Nếu cần, hãy nhập một sáng kiến mới."
        )
    return None


# Writing.


async def save(checked: Checked, row: dict | None) -> int:
    """Create the initiative (a draft) or update what changed, its new authors and its
    authorships, in the request's transaction; the database's rules apply as to any
    write of the caller's. Raises what the database refuses (see `refusal`)."""
    values = checked.values
    if row is None:
        # The reviewing union is left out (NULL): the database routes it to the unit's parent.
        made_row = Initiative(_ignore_missing=True, **values, status="draft")
        [made] = await Initiative.insert(made_row)
        initiative_id = made["id"]
        current: dict[int, dict] = {}
    else:
        initiative_id = row["id"]
        changed = {name: value for name, value in values.items() if not _same(row, name, value)}
        if changed:
            # Only what changed: the edit history records each column written.
            await Initiative.update(changed).where(Initiative.id == initiative_id)
        current = {a["author"]: a for a in row["authors"]}
    wanted: list[tuple[int, Decimal]] = []
    for author_id, new, share in checked.authors:
        if author_id is None:
            # The author's record is kept by the initiative's unit (their grassroots union).
            [made] = await Author.insert(Author(**new, unit=values["unit"]))
            author_id = made["id"]
        wanted.append((author_id, share))
    await _authorships(initiative_id, current, wanted)
    return initiative_id


async def _authorships(
    initiative_id: int, current: dict[int, dict], wanted: list[tuple[int, Decimal]]
) -> None:
    """Removed ones first, then shares lowered, then raised, then new ones: the
    database's cap on the total (checked after each row) never sees a sum above
    the final one."""
    keep = dict(wanted)
    for author_id, link in current.items():
        if author_id not in keep:
            await Authorship.delete().where(Authorship.id == link["id"])
    changes = [
        (keep[a] - Decimal(link["share"]), link["id"], keep[a])
        for a, link in current.items()
        if a in keep and Decimal(link["share"]) != keep[a]
    ]
    for _, link_id, share in sorted(changes):
        await Authorship.update({Authorship.share: share}).where(Authorship.id == link_id)
    for author_id, share in wanted:
        if author_id not in current:
            await Authorship.insert(
                Authorship(initiative=initiative_id, author=author_id, share=share)
            )


def _same(row: dict, name: str, value) -> bool:
    was = row[name]
    if name == "benefit_vnd" and was is not None and value is not None:
        return int(was) == value  # NUMERIC's Decimal, or BIGINT's int
    if name == "summary":  # shown as its words: unchanged words keep its formatting
        return typed.plain_text(was) == (value or "")
    return was == value


async def save_or_explain(checked: Checked, row: dict | None, problems: Problems) -> int | None:
    """`save` inside a savepoint: a refusal of the database becomes a problem on its
    field and the transaction stays usable to show the form again (the request
    then answers with an error status, which rolls the whole of it back)."""
    transaction = engine().current_transaction.get()
    savepoint = await transaction.savepoint() if transaction is not None else None
    try:
        return await save(checked, row)
    except (IntegrityConstraintViolationError, InsufficientPrivilegeError, DataError) as refused:
        if savepoint is not None:
            await savepoint.rollback_to()
        name = getattr(refused, "constraint_name", None) or str(refused).strip()
        if isinstance(refused, InsufficientPrivilegeError):
            problems.general.append(REFUSED)
        elif isinstance(refused, DataError):
            problems.general.append(UNSTORABLE)
        else:
            where = next((f for prefix, f in FIELD_OF if name.startswith(prefix)), None)
            if where is None:
                problems.general.append(explain(refused))
            else:
                problems.add(where, explain(refused))
        return None
