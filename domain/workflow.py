"""Sending and deciding initiatives in bulk: one transaction, one audit row per transition.

Every path that changes an initiative's status (the API, the admin forms and the
review page) calls `decide`. It selects the initiatives (by ids, all of
which must exist and be the caller's to act on, or by a filter), locks them in
id order, re-reads their status, applies the action to those whose status can
take it and reports the rest as skipped. The sender's actions (submit, resubmit,
withdraw) act on the initiatives of the units in the caller's scope, by their
`unit`; the decisions on those sent to a unit in the caller's scope, by their
`reviewing_unit`. Two batches over the same initiatives
queue on the row locks: the second finds them already decided and skips them.
An idempotency key makes a retried request return the first answer unchanged.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

import msgspec
from asyncpg.exceptions import IntegrityConstraintViolationError
from piccolo.columns.combination import WhereRaw
from piccolo.querystring import QueryString

from domain.callers import Caller
from domain.database import engine, serialised
from domain.errors import Invalid, KeyReused, NotAllowed, NotDecidable, NotFound
from domain.labels import column_label
from domain.progress import find_window
from domain.search import contains
from domain.selection import LABELS, Filter
from domain.shown import grouped
from domain.values import NOTE_MAX
from domain.violations import explain
from domain.vocabulary import (
    ACTIONS,
    DECIDING_ROLES,
    SENDING_ACTIONS,
    SENDING_ROLES,
    STATUSES,
    Rule,
    either,
    lower,
    statuses_in_sentence,
)
from tables.approvals import ApprovalBatch
from tables.initiatives import Initiative, StatusChange
from tables.units import Unit

KEY_REUSED = (
    "Mã Idempotency-Key «{key}» đã dùng cho một yêu cầu khác (thao tác, danh sách, bộ lọc hoặc"
    " ý kiến khác); yêu cầu này chưa được thực hiện. Hãy gửi lại với một mã mới."
)
NOTE_NEEDED = "Cần ghi ý kiến (lý do) khi {action}."
VIEWER = (
    "Tài khoản chỉ có quyền xem: không gửi, rút lại hay duyệt được sáng kiến. "
    "Hãy liên hệ quản trị hệ thống."
)
NOT_DECIDING = "Tài khoản này không có quyền duyệt sáng kiến."
NOT_A_REVIEWER = (
    "Tài khoản này không có quyền duyệt sáng kiến ({action}): việc này do lãnh đạo "
    "công đoàn được gửi đến thực hiện. Cán bộ nhập liệu được "
    + either([lower(ACTIONS[a].label) for a in SENDING_ACTIONS])
    + " sáng kiến của đơn vị mình."
)
NO_UPPER_UNIT = (
    "Đơn vị của sáng kiến không có công đoàn cấp trên trực tiếp để gửi đến. "
    "Hãy kiểm tra đơn vị của sáng kiến."
)
ALREADY_THERE = "Sáng kiến đã ở đơn vị duyệt này: không cần chuyển."
# The parameters a refusal names, by the labels the pages give them.
PARAMETERS = {
    "to_unit": column_label("approval_batch", "to_unit"),  # «Chuyển đến đơn vị», as on the pages
    "filter.reviewing_unit": LABELS["reviewing_unit"],
    "filter.within": LABELS["within"],
    "filter.phase": LABELS["phase"],
}
# Today in Vietnam, as the database reads it (the date a sending is dated).
TODAY = "(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
NOTE_TOO_LONG = (
    f"Ý kiến dài quá {grouped(NOTE_MAX)} ký tự"
    + ": hãy rút gọn (chi tiết có thể gửi kèm văn bản). Chưa có gì thay đổi."
)


@dataclass
class Result:
    batch: str
    action: str
    requested: int
    applied: int
    skipped: list[dict] = field(default_factory=list)
    dry_run: bool = False
    ids: list[int] = field(default_factory=list)  # the initiatives selected, in id order
    fingerprint: str | None = None  # of the request a stored batch answered


def check_allowed(caller: Caller, action: str, note: str, to_unit: str | None) -> None:
    if action not in ACTIONS:
        raise Invalid(f"Thao tác «{action}» không có: {', '.join(ACTIONS)}.")
    rule = ACTIONS[action]
    if caller.role not in (SENDING_ROLES if rule.sends else DECIDING_ROLES):
        if caller.role not in SENDING_ROLES:
            raise NotAllowed(VIEWER if rule.sends else NOT_DECIDING)
        raise NotAllowed(NOT_A_REVIEWER.format(action=lower(rule.label)))
    if rule.admin_only and not caller.is_admin:
        raise NotAllowed(f"Chỉ quản trị hệ thống được {lower(rule.label)} sáng kiến.")
    if len(note) > NOTE_MAX:
        raise Invalid(NOTE_TOO_LONG)
    if rule.note and not note.strip():
        raise Invalid(NOTE_NEEDED.format(action=lower(rule.label)))
    if action == "transfer" and not to_unit:
        raise Invalid(
            f"«{PARAMETERS['to_unit']}»: hãy nhập mã của công đoàn nhận khi chuyển sáng kiến."
        )


def skip_reason(status: str | None, rule: Rule | None = None) -> str:
    """Why an initiative was left alone: the status it is in (and those the action
    takes), or that it is gone."""
    if status is None:
        return "Sáng kiến không còn."
    reason = f"Sáng kiến đang ở trạng thái {lower(STATUSES[status])}"
    if rule is None:
        return reason + "."
    return (
        f"{reason}: chỉ {lower(rule.label)} được sáng kiến ở trạng thái "
        f"{statuses_in_sentence(rule.takes)}."
    )


async def _decidable(caller: Caller, rule: Rule, statuses: tuple[str, ...]) -> list:
    """A manager decides what is sent to a unit in their scope (the database shows
    only those units); everyone who sends, the initiatives of those units; an
    administrator acts on anything."""
    if caller.is_admin:
        return []
    column = "unit" if rule.sends else "reviewing_unit"
    # As one array of the scope's units, which the planner counts: it then reads
    # each unit's queue from initiative_review_queue (a sender's rows from
    # initiative_unit_status). Given a subquery, it scanned every pending
    # initiative in the country instead (250 ms for one province).
    # Only the units with something in that status sent to them (one probe of the
    # queue index each): most of a scope's units are grassroots unions, which
    # review nothing, and counting them too made the planner expect the country's
    # whole queue (a district's first page walked it: 115 ms instead of 2).
    rows = await Unit.raw(
        "SELECT u.id FROM unit u CROSS JOIN LATERAL (SELECT 1 FROM initiative i"
        f" WHERE i.{column} = u.id AND i.status = ANY({{}}) LIMIT 1) AS waiting",
        list(statuses),
    )
    return [WhereRaw(f'"initiative"."{column}" = ANY({{}})', [row["id"] for row in rows])]


async def _unit(code: str, name: str, *, anywhere: bool = False) -> dict:
    """The unit (id, path) by code in any case, in the caller's scope; `anywhere`:
    in the tree."""
    same = QueryString("lower({}) = lower({})", Unit.code, code)
    row = await Unit.select(Unit.id, Unit.path).where(same).first()
    if row is None and anywhere:
        # A transfer goes to whichever union the member should have picked: it
        # may lie outside the caller's scope, so it is looked up by the owner.
        [row] = await Unit.raw("SELECT unit_id_for_code({}) AS id, '' AS path", code)
        row = row if row["id"] is not None else None
    if row is None:
        raise NotFound(f"«{PARAMETERS[name]}»: không có đơn vị mã «{code}».")
    return row


async def selection(
    caller: Caller, spec: Filter, action: str = "approve", statuses: tuple[str, ...] = ()
) -> list:
    """The conditions that pick the initiatives a filter selects for this caller and
    action (by default a decision's: the pending ones sent to the caller's units).
    Without a status in the filter: `statuses`, else those the action takes."""
    rule = ACTIONS[action]
    statuses = (spec.status,) if spec.status else statuses or rule.takes
    where = [Initiative.status.is_in(list(statuses)), *await _decidable(caller, rule, statuses)]
    return where + await conditions(spec)


async def conditions(spec: Filter) -> list:
    """The filter's conditions but its status (each door decides what none means):
    the workflow's selection and the list's export (domain.initiative_sheet)."""
    where = []
    if spec.reviewing_unit:
        unit = await _unit(spec.reviewing_unit, "filter.reviewing_unit")
        where.append(Initiative.reviewing_unit == unit["id"])
    if spec.within:
        unit = await _unit(spec.within, "filter.within")
        where.append(Initiative.reviewing_unit.path.like(unit["path"] + "%"))
    if spec.phase:
        window = await find_window(spec.phase)
        if window is None:
            label = PARAMETERS["filter.phase"]
            raise NotFound(f"«{label}»: không có giai đoạn mã «{spec.phase}».")
        spans = [
            (Initiative.submitted_on >= start) & (Initiative.submitted_on <= end)
            for start, end in window.spans
        ]
        either = spans[0]
        for span in spans[1:]:
            either = either | span
        where.append(either)
    if spec.submitted_from:
        where.append(Initiative.submitted_on >= spec.submitted_from)
    if spec.submitted_to:
        where.append(Initiative.submitted_on <= spec.submitted_to)
    if spec.field:
        where.append(Initiative.field == spec.field)
    if spec.benefit_min is not None:
        where.append(Initiative.benefit_vnd >= spec.benefit_min)
    if spec.benefit_max is not None:
        where.append(Initiative.benefit_vnd <= spec.benefit_max)
    if spec.text:
        where.append(contains(spec.text, Initiative.title, Initiative.code))
    return where


async def matching_ids(caller: Caller, spec: Filter, action: str = "approve") -> list[int]:
    where = await selection(caller, spec, action)
    rows = await Initiative.select(Initiative.id).where(*where).order_by(Initiative.id)
    return [row["id"] for row in rows]


def _missing(wanted: list[int], found: dict[int, dict], rule: Rule) -> None:
    missing = [i for i in wanted if i not in found]
    if missing:
        whose = (
            "chúng không thuộc đơn vị trong phạm vi của bạn"
            if rule.sends
            else "chúng không được gửi đến đơn vị thuộc quyền duyệt của bạn"
        )
        raise NotDecidable(
            f"Không có các sáng kiến này, hoặc {whose}; chưa thay đổi gì: "
            f"{', '.join(map(str, missing[:50]))}" + (" …" if len(missing) > 50 else ""),
            missing,
        )


async def _current(caller: Caller, rule: Rule, ids: list[int], lock: bool) -> dict[int, dict]:
    """Each of `ids` the caller may act on: its status and its unit's parent (the
    others are absent)."""
    # One statement, in id order, so that overlapping batches queue instead of
    # deadlocking; a waiting batch then reads the status the first committed.
    # `_decidable`'s rule; found by id, each row is checked against the scope
    # (for a sender, the join reads the units the database shows them).
    if rule.sends:
        sql = (
            "SELECT i.id, i.status, u.parent, i.reviewing_unit"
            " FROM initiative i JOIN unit u ON u.id = i.unit"
            " WHERE i.id = ANY({}) ORDER BY i.id"
        )
    else:
        decidable = "" if caller.is_admin else " AND reviewing_unit IN (SELECT id FROM unit)"
        sql = (
            "SELECT id, status, NULL::integer AS parent, reviewing_unit FROM initiative"
            f" WHERE id = ANY({{}}){decidable} ORDER BY id"
        )
    rows = await Unit.raw(sql + (" FOR UPDATE OF i" if rule.sends else " FOR UPDATE") * lock, ids)
    return {row["id"]: row for row in rows}


def _why_not(rule: Rule, row: dict | None, target_unit: int | None = None) -> str | None:
    """Why the action leaves this initiative alone; None: it applies."""
    if row is None or row["status"] not in rule.takes:
        return skip_reason(row and row["status"], rule)
    if rule.sends and rule.leaves == "pending" and row["parent"] is None:
        return NO_UPPER_UNIT
    if target_unit is not None and row["reviewing_unit"] == target_unit:
        return ALREADY_THERE  # a transfer that moves nothing would only add history
    return None


async def decide(
    caller: Caller,
    action: str,
    *,
    ids: list[int] | None = None,
    spec: Filter | None = None,
    note: str = "",
    to_unit: str | None = None,
    dry_run: bool = False,
    idempotency_key: str | None = None,
) -> Result:
    check_allowed(caller, action, note, to_unit)
    idempotency_key = idempotency_key or None  # an empty key is none: it could not be found
    if (ids is None) == (spec is None):
        raise Invalid("Cần đúng một trong hai: danh sách «ids» hoặc bộ lọc «filter».")
    # A retry sent while the first request still runs waits for it here, then
    # finds its answer instead of applying the batch again.
    keys = [f"sangkien.approval:{caller.user_id}:{idempotency_key}"] if idempotency_key else []
    request = fingerprint(action, ids, spec, note, to_unit)
    async with serialised(*keys):
        if idempotency_key and (stored := await stored_result(caller, idempotency_key)):
            if stored.fingerprint not in (None, request):
                raise KeyReused(KEY_REUSED.format(key=idempotency_key))
            return stored
        chosen = sorted(set(ids)) if ids is not None else await matching_ids(caller, spec, action)
        target_unit = (await _unit(to_unit, "to_unit", anywhere=True))["id"] if to_unit else None
        rule = ACTIONS[action]
        # A dry run only reads: locking would hold up other managers for nothing.
        current = await _current(caller, rule, chosen, lock=not dry_run)
        if ids is not None:
            _missing(chosen, current, rule)  # all or nothing: before anything is written
        reasons = {i: _why_not(rule, current.get(i), target_unit) for i in chosen}
        eligible = [i for i in chosen if reasons[i] is None]
        skipped = [{"id": i, "reason": reasons[i]} for i in chosen if reasons[i] is not None]
        batch = secrets.token_hex(8)
        result = Result(batch, action, len(chosen), len(eligible), skipped, dry_run, chosen)
        if not dry_run:
            was = [current[i]["status"] for i in eligible]
            # Within a savepoint: a refusal leaves the request's transaction usable
            # (a page then lists what is left, in words, instead of failing on it).
            savepoint = await engine().current_transaction.get().savepoint()
            try:
                await _apply(caller, action, was, eligible, note, target_unit, batch)
            except IntegrityConstraintViolationError as refusal:
                # A rule of the database refused one of them (e.g. a draft first
                # applied after the day it is sent): all or nothing, in its words.
                await savepoint.rollback_to()
                raise Invalid(f"{explain(refusal)} Chưa có gì thay đổi.") from refusal
            await savepoint.release()
            await ApprovalBatch.insert(
                ApprovalBatch(
                    key=result.batch,
                    idempotency_key=idempotency_key,
                    fingerprint=request,
                    actor=caller.user_id,
                    action=action,
                    note=note,
                    to_unit=target_unit,
                    dry_run=False,  # a dry run writes nothing, not even this row
                    requested=result.requested,
                    applied=result.applied,
                    skipped=skipped,
                )
            )
    return result


async def _apply(
    caller: Caller,
    action: str,
    was: list[str],
    ids: list[int],
    note: str,
    target_unit: int | None,
    batch: str,
) -> None:
    """One statement each, whatever the number of ids: the progress triggers then
    roll every change up to the ancestors once. The audit goes first: after a
    transfer the caller may no longer see the row. `was`: each one's status.

    The app plans each statement for its parameters (piccolo_conf); here the
    foreign-key checks and row triggers run one prepared statement per row, and
    planning it 10,000 times would cost as much as the batch's own work."""
    rule = ACTIONS[action]
    # The database's rules let status, decision and routing change only under this
    # flag (db/rules, the contract of issue 13); cleared after the last statement.
    await Unit.raw("SELECT set_config('sangkien.workflow', 'on', true)")
    [mode] = await Unit.raw("SELECT current_setting('plan_cache_mode') AS mode")
    await Unit.raw("SET LOCAL plan_cache_mode = auto")
    await Unit.raw(
        "INSERT INTO status_change (initiative, from_status, to_status, actor, at, note, batch)"
        " SELECT i, s, {}, {}, now(), {}, {} FROM unnest({}::integer[], {}::text[]) AS t(i, s)",
        rule.leaves,
        caller.user_id,
        note,
        batch,
        ids,
        was,
    )
    if action == "transfer":
        await Unit.raw("SELECT initiative_transfer({}, {})", ids, target_unit)
    elif rule.sends and rule.leaves == "pending":
        # Sent to the unit's direct upper-level union; sent again (resubmit), to
        # the union that returned it, which a transfer may have chosen. Dated the
        # day it is sent (domain.md; no request writes the date: initiative_lock):
        # a corrected one keeps its date, and its phase.
        # The sender's note is the audit row's; the reviewer's last note stays.
        sent = f" reviewing_unit = u.parent, submitted_on = {TODAY}," if action == "submit" else ""
        await Unit.raw(
            f"UPDATE initiative i SET status = 'pending',{sent}"
            " decided_at = NULL, decided_by = NULL"
            " FROM unit u WHERE u.id = i.unit AND i.id = ANY({})",
            ids,
        )
    elif rule.sends:
        # Withdrawn by its sender: no decision, so the decision's fields stay.
        await Unit.raw("UPDATE initiative SET status = {} WHERE id = ANY({})", rule.leaves, ids)
    elif rule.leaves == "pending":
        await Unit.raw(
            "UPDATE initiative SET status = 'pending', decided_at = NULL, decided_by = NULL,"
            " decision_note = {} WHERE id = ANY({})",
            note,
            ids,
        )
    else:
        await Unit.raw(
            "UPDATE initiative SET status = {}, decided_at = now(), decided_by = {},"
            " decision_note = {} WHERE id = ANY({})",
            rule.leaves,
            caller.user_id,
            note,
            ids,
        )
    # The flag ends with the workflow's own statements, not with the transaction.
    await Unit.raw(
        "SELECT set_config('plan_cache_mode', {}, true), set_config('sangkien.workflow', '', true)",
        mode["mode"],
    )


async def stored_result(caller: Caller, idempotency_key: str) -> Result | None:
    row = await (
        ApprovalBatch.select()
        .where(
            (ApprovalBatch.actor == caller.user_id)
            & (ApprovalBatch.idempotency_key == idempotency_key)
        )
        .first()
    )
    if row is None:
        return None
    return Result(
        row["key"],
        row["action"],
        row["requested"],
        row["applied"],
        json_list(row["skipped"]),
        row["dry_run"],
        fingerprint=row["fingerprint"],
    )


def fingerprint(
    action: str, ids: list[int] | None, spec: Filter | None, note: str, to_unit: str | None
) -> str:
    """What a request asks for, whatever order its ids came in: a retry with the same
    Idempotency-Key must ask the same, or it is another request."""
    asked = {
        "action": action,
        "ids": sorted(set(ids)) if ids is not None else None,
        "filter": msgspec.to_builtins(spec) if spec is not None else None,
        "note": note,
        "to_unit": to_unit,
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Batch:
    row: dict  # the approval_batch row
    changes: list[dict]  # initiative, from_status, to_status, at; in initiative order
    skipped: list[dict]  # id, reason


async def unit_name_of(code: str | None) -> str | None:
    """The name of the union with this code (any case), wherever it lies in the tree:
    a transfer's target, shown on the confirm page before anything moves."""
    if not code:
        return None
    [row] = await Unit.raw("SELECT unit_name(unit_id_for_code({})) AS name", code)
    return row["name"]


def reviewing_name(alias: str = "reviewing_name") -> QueryString:
    """The name of the union an initiative was sent to, for any reader (the sender's
    account usually cannot see that union's row: db/functions/unit_name.sql)."""
    return QueryString('unit_name("initiative"."reviewing_unit")', alias=alias)


async def listed(ids: list[int]) -> list[dict]:
    """The initiatives a batch's page or its preview lists (those the caller can
    see): id, code, title, status and where they were sent, in id order."""
    if not ids:
        return []
    return await (
        Initiative.select(
            Initiative.id,
            Initiative.code,
            Initiative.title,
            Initiative.status,
            reviewing_name(),
        )
        .where(Initiative.id.is_in(ids))
        .order_by(Initiative.id)
    )


async def read_batch(key: str, limit: int | None = None) -> Batch:
    """A batch and (the first `limit` of) its changes, for the API and the review page.
    A unit's account sees only its own batches: another's answers as unknown."""
    row = await ApprovalBatch.select().where(ApprovalBatch.key == key).first()
    if row is None:
        raise NotFound(f"Không có lượt gửi hoặc duyệt «{key}» của bạn.")
    query = (
        StatusChange.select(
            StatusChange.initiative,
            StatusChange.from_status,
            StatusChange.to_status,
            StatusChange.at,
        )
        .where(StatusChange.batch == key)
        .order_by(StatusChange.initiative)
    )
    changes = await (query.limit(limit) if limit is not None else query)
    return Batch(row, changes, json_list(row["skipped"]))


def json_list(value):
    return json.loads(value) if isinstance(value, str) else value
