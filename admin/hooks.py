"""Write hooks and validators for the generic admin forms.

The database enforces the data rules; these hooks only keep the generic forms
away from what has its own path: workflow fields of an initiative (changed only
by the approval workflow) and the tree fields a trigger computes.
"""

from datetime import datetime, timedelta
from typing import Any

from piccolo_api.crud.endpoints import PiccoloCRUD
from starlette.exceptions import HTTPException
from starlette.requests import Request

from domain.labels import column_label
from domain.shown import grouped
from domain.values import AMOUNT_MAX
from domain.vocabulary import CREATED_AS, STATUSES, either
from tables.initiatives import Initiative
from tables.units import Unit

STATUS_LOCKED = (
    "Không thể đổi trạng thái, thời điểm duyệt, người duyệt hay ý kiến duyệt của sáng kiến "
    "bằng biểu mẫu sửa. Trạng thái chỉ thay đổi qua quy trình, để mọi thay đổi đều được ghi "
    "lại: gửi, gửi lại hoặc rút lại sáng kiến bằng biểu mẫu «Gửi, gửi lại hoặc rút sáng kiến» "
    "(hoặc «Gửi hàng loạt»); duyệt, trả lại hoặc mở lại bằng «Duyệt hàng loạt» hoặc trang "
    "duyệt /review."
)
STATUS_ON_CREATE = (
    "Sáng kiến mới chỉ được tạo ở trạng thái "
    + either([f"«{STATUSES[status]}»" for status in CREATED_AS])
    + "; sau đó gửi duyệt qua trang «Gửi sáng kiến» (/send) hoặc biểu mẫu «Gửi, gửi lại "
    "hoặc rút sáng kiến», để việc gửi được ghi lại và gửi đúng công đoàn cấp trên."
)
TOKENS_BY_FORM = (
    "Hãy cấp mã bằng biểu mẫu «Cấp mã truy cập API»: mã chỉ hiện một lần và chỉ được lưu "
    "dưới dạng băm."
)
NO_PUT = "Hãy sửa từng trường bằng biểu mẫu sửa (phương thức PUT không được hỗ trợ)."
NOTHING_TO_SAVE = "Không có thay đổi nào để lưu: hãy sửa ít nhất một trường."
UNKNOWN_ORDER = "Không sắp xếp được theo «{name}»: không phải một cột của bảng này."
AMOUNT_OUT_OF_RANGE = (
    "Giá trị không hợp lệ: «{label}» phải là một số nguyên từ 0 đến " + grouped(AMOUNT_MAX) + "."
)
# BIGINT columns bounded by a CHECK (domain.values.AMOUNT_MAX), of which the admin's
# pydantic models know no bound: a filter beyond 64 bits reached PostgreSQL.
AMOUNT_COLUMNS = ("benefit_vnd",)
ID_FIXED = (
    "Không đặt hay đổi được số hiệu (id) của bản ghi: hệ thống tự cấp, và các bản ghi khác "
    "trỏ tới nó bằng số này. Hãy bỏ trường «id» khỏi dữ liệu gửi lên."
)

# The database refuses any other write of them (db/rules/initiative_lock.sql).
_WORKFLOW_FIELDS = ("status", "decided_at", "decided_by", "decision_note")


def _name(key: Any) -> str:
    return key if isinstance(key, str) else key._meta.name


async def initiative_pre_save(row: Initiative) -> Initiative:
    if row.status not in CREATED_AS or row.decided_at or row.decided_by:
        raise HTTPException(status_code=422, detail=STATUS_ON_CREATE)
    return row


async def initiative_pre_patch(row_id: Any, values: dict) -> dict:
    changing = {_name(key): value for key, value in values.items()}
    if not any(field in changing for field in _WORKFLOW_FIELDS):
        return values
    current = (
        await Initiative.select(*(getattr(Initiative, f) for f in _WORKFLOW_FIELDS))
        .where(Initiative.id == row_id)
        .first()
    )
    if current is None:
        return values
    for field in _WORKFLOW_FIELDS:
        if field in changing and not _same(changing[field], current[field]):
            raise HTTPException(status_code=422, detail=STATUS_LOCKED)
    # Sent back unchanged (the edit form sends every field, times to the second):
    # not written, so the database sees no change to what only the workflow writes.
    # (Sent alone, they stay: an update needs something to set.)
    kept = {key: value for key, value in values.items() if _name(key) not in _WORKFLOW_FIELDS}
    return kept or values


def _same(sent: Any, stored: Any) -> bool:
    # The form's date-time widget works to the second; stored times may not.
    if isinstance(sent, datetime) and isinstance(stored, datetime):
        return abs(sent - stored) < timedelta(seconds=1)
    return sent == stored


async def unit_pre_save(row: Unit) -> Unit:
    # The insert trigger computes these from the parent.
    row.path, row.depth = "", 0
    return row


async def unit_pre_patch(row_id: Any, values: dict) -> dict:
    return {key: value for key, value in values.items() if _name(key) not in ("path", "depth")}


async def refuse_id(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    """Ids are the database's: a new one written by hand would leave the sequence
    behind, and a changed one would leave stored paths and figures pointing at the
    old (a row's own id, sent back unchanged, is harmless)."""
    data = await request.json()  # Starlette keeps it: the endpoint reads it again
    row_id = request.path_params.get("row_id")
    if isinstance(data, dict) and data.get("id") not in (None, "") and str(data["id"]) != row_id:
        raise HTTPException(status_code=422, detail=ID_FIXED)


async def refuse_empty_patch(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    if await request.json() == {}:
        raise HTTPException(status_code=422, detail=NOTHING_TO_SAVE)


def check_order(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    """`__order` names columns (comma-separated, `-` for descending); an unknown one
    would fail deep in piccolo_api with a 500."""
    for value in request.query_params.getlist("__order"):
        for name in value.split(","):
            name = name.strip().removeprefix("-")
            try:
                piccolo_crud._get_column(name)  # what the list then uses (joins counted)
            except (ValueError, AttributeError, KeyError):
                raise HTTPException(
                    status_code=400, detail=UNKNOWN_ORDER.format(name=name)
                ) from None


def check_amounts(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    """A filter on an amount is whole đồng within the bound, or it names the column;
    what is not a whole number is left to pydantic's refusal (admin.localise)."""
    table = piccolo_crud.table._meta.tablename
    for name in AMOUNT_COLUMNS:
        for value in request.query_params.getlist(name):
            try:
                amount = int(value)
            except ValueError:
                continue
            if not 0 <= amount <= AMOUNT_MAX:
                label = column_label(table, name)
                raise HTTPException(422, detail=AMOUNT_OUT_OF_RANGE.format(label=label))


def refuse_put(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    # PUT skips piccolo_api's hooks, so it would bypass the locks above.
    raise HTTPException(status_code=405, detail=NO_PUT)


async def refuse_token_row(row: Any) -> Any:
    raise HTTPException(status_code=422, detail=TOKENS_BY_FORM)


ACCOUNTS_BY_FORM = (
    "Tài khoản mới được tạo bằng biểu mẫu «Tạo tài khoản» (nhóm «Tài khoản»): cùng lúc với "
    "đơn vị và vai trò, mật khẩu gõ hai lần. Ở đây chỉ sửa được tài khoản đã có."
)


def refuse_user_row(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    # A user made here had no unit and role, and was off by default: it could not log in.
    raise HTTPException(status_code=422, detail=ACCOUNTS_BY_FORM)


BATCHES_BY_WORKFLOW = (
    "Lượt duyệt do chức năng duyệt ghi lại và không sửa được. Hãy dùng «Duyệt hàng loạt» "
    "hoặc API /api/approvals."
)


def refuse_batch_write(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    raise HTTPException(status_code=405, detail=BATCHES_BY_WORKFLOW)


HISTORY_BY_DATABASE = (
    "Lịch sử sửa đổi do hệ thống tự ghi khi sáng kiến đã gửi được sửa, và không sửa được. "
    "Hãy sửa chính sáng kiến (hoặc tác giả của sáng kiến)."
)


def refuse_history_write(piccolo_crud: PiccoloCRUD, request: Request) -> None:
    # 422: the admin shows it in the form (admin.localise).
    raise HTTPException(status_code=422, detail=HISTORY_BY_DATABASE)
