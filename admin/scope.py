"""ASGI middleware in front of the admin: who may reach which table, and as whom.

Piccolo Admin lets in any user with `admin=True` and shows them every table and
row. This middleware finds the caller from the admin's session cookie and, for
anyone but an administrator:

- refuses the account tables outright, and writes to the tables only
  administrators keep (programmes, phases, clusters, the audit trail, the edit
  history), or any write by a viewer: 403 with a Vietnamese sentence the admin
  shows;
- leaves those tables, and the forms and links its role cannot use, out of the
  sidebar (admin.sidebar);
- runs everything else through `domain.scope.run_as`, so PostgreSQL's policies
  filter every list, count, picker, export, detail and write.

An administrator's writes go through `run_as` too (as the tables' owner): the
database's write rules (db/rules/) then know a request is writing.

The caller comes from `domain.callers.caller_from_credentials`, as for the API:
an account it refuses (no role) gets a 403 with the reason.
"""

import inspect
import json
import re
from collections.abc import Callable

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from admin.caller import keep_caller
from admin.forms import FORM_ROLES
from admin.sidebar import links_for
from domain.callers import Caller, caller_from_credentials
from domain.database import is_outage
from domain.errors import NotAllowed, NotSignedIn
from domain.scope import READS, is_scoped, run_as
from endpoints.auth import SESSION_COOKIE
from endpoints.errors import RETRY_AFTER, UNAVAILABLE, status_of

ACCOUNT_TABLES = {"account_profile", "api_token", "piccolo_user", "sessions"}
# Written by the workflow and the database alone (admin.hooks refuses the admin's writes).
NOBODY_WRITES = {"approval_batch", "initiative_edit"}
ADMIN_WRITES = {
    "programme",
    "phase",
    "cluster",
    "status_change",
    "approval_batch",
    "initiative_edit",
}

NOT_YOURS = "Chỉ quản trị hệ thống được xem và sửa tài khoản, phân quyền và mã truy cập."
ADMIN_KEEPS = (
    "Chương trình, giai đoạn, cụm thi đua và nhật ký trạng thái do quản trị hệ thống quản lý, "
    "lịch sử sửa đổi do hệ thống tự ghi; tài khoản của đơn vị chỉ xem được."
)
VIEWER = "Tài khoản chỉ có quyền xem, không sửa được dữ liệu. Hãy liên hệ quản trị hệ thống."
REFUSED = (
    "Không lưu được: thay đổi này nằm ngoài phạm vi đơn vị hoặc quyền của tài khoản. "
    "Không có gì bị thay đổi."
)

_TABLE = re.compile(r"/api/tables/(\w+)/")
_SIDEBAR = re.compile(r"/api/((tables|forms)/(grouped/)?|links/)$")


async def session_caller(scope: Scope) -> Caller | None:
    """The caller of the admin's session; None when not signed in (Piccolo Admin
    then asks to log in). Raises NotAllowed for an account it must refuse."""
    try:
        return await caller_from_credentials(session=Request(scope).cookies.get(SESSION_COOKIE))
    except NotSignedIn:
        return None


def _guarded(scope: Scope) -> bool:
    """The admin's data and its page; not its login, logout and static assets,
    which need no caller (and would cost three queries each)."""
    if scope["type"] != "http":
        return False
    path = scope["path"]
    return "/api/" in path or path.rstrip("/") in ("", scope.get("root_path", ""))


def refusal_for(caller: Caller, path: str, method: str) -> str | None:
    match = _TABLE.search(path)
    if not match:
        return None
    table = match.group(1)
    if table in ACCOUNT_TABLES:
        return NOT_YOURS
    if method in READS:
        return None
    if table in ADMIN_WRITES:
        return ADMIN_KEEPS
    if caller.role == "viewer":
        return VIEWER
    return None


def hide_for_scoped(path: str, data: object, role: str) -> object:
    """The sidebar's tables, forms or links without what a unit's account with this
    role may not open or use."""
    if path.endswith("/links/") and isinstance(data, dict):
        return links_for(role, data)

    def keep(item: object) -> bool:
        if isinstance(item, dict):  # a form
            return role in FORM_ROLES.get(str(item.get("slug")), ())
        return item not in ACCOUNT_TABLES

    if isinstance(data, list):
        return [item for item in data if keep(item)]
    if isinstance(data, dict):
        grouped = {
            group: [item for item in items if keep(item)]
            for group, items in data.get("grouped", {}).items()
        }
        return {
            "grouped": {group: items for group, items in grouped.items() if items},
            "ungrouped": [item for item in data.get("ungrouped", []) if keep(item)],
        }
    return data


def schema_for(schema: object, read_only: bool) -> object:
    """A table's schema as a unit's account may use it: marked read-only when it may
    not write there (admin.bundle then offers no «Thêm bản ghi»), and without the
    filters that pick an account («Người duyệt», «Người thực hiện»): their picker
    lists accounts, which it may not read, so it only ever answered a refusal."""
    if not isinstance(schema, dict) or not isinstance(schema.get("extra"), dict):
        return schema
    schema["extra"]["read_only_for_you"] = read_only
    properties = schema.get("properties", {})

    def picks_account(name: str) -> bool:
        extra = (properties.get(name) or {}).get("extra") or {}
        return (extra.get("foreign_key") or {}).get("to") in ACCOUNT_TABLES

    names = schema["extra"].get("visible_filter_names") or []
    schema["extra"]["visible_filter_names"] = [n for n in names if not picks_account(n)]
    return schema


class ScopeAdmin:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            caller = await session_caller(scope) if _guarded(scope) else None
        except NotAllowed as refusal:
            await _refuse(refusal, scope, receive, send)
            return
        except Exception as problem:
            if not is_outage(problem):
                raise
            await _unavailable(scope, receive, send)
            return
        if caller is not None:
            keep_caller(scope, caller)
        table = _TABLE.search(scope["path"])
        if caller is not None and not is_scoped(caller) and scope["method"] == "GET":
            if table and table.group(1) in NOBODY_WRITES and scope["path"].endswith("/schema/"):
                # The batches and the edit history are the system's record: no
                # «Thêm bản ghi» an administrator's save would only see refused.
                rewritten = rewrite_json(self.app, lambda schema: schema_for(schema, True))
                await rewritten(scope, receive, send)
                return
        if caller is None or (not is_scoped(caller) and scope["method"] in READS):
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]

        async def refuse(send: Send) -> None:
            await JSONResponse({"custom_form_error": REFUSED}, 403)(scope, receive, send)

        if not is_scoped(caller):
            # An administrator's write, in one transaction that names its writer:
            # the database's write rules bind it (domain/scope.py).
            await run_as(caller, self.app, scope, receive, send, refuse)
            return
        if message := refusal_for(caller, path, method):
            body = {"detail": message, "custom_form_error": message}
            await JSONResponse(body, 403)(scope, receive, send)
            return

        app = self.app
        if method == "GET" and _SIDEBAR.search(path):
            app = rewrite_json(self.app, lambda data: hide_for_scoped(path, data, caller.role))
        elif method == "GET" and path.endswith("/schema/"):
            read_only = refusal_for(caller, path, "POST") is not None
            app = rewrite_json(self.app, lambda schema: schema_for(schema, read_only))
        await run_as(caller, app, scope, receive, send, refuse)


async def _refuse(refusal: NotAllowed, scope: Scope, receive: Receive, send: Send) -> None:
    """The admin's API gets its JSON; its page, this message and a way to log out."""
    status = status_of(refusal)
    if "/api/" in scope["path"]:
        await JSONResponse({"detail": refusal.message}, status)(scope, receive, send)
    else:
        await HTMLResponse(_page(refusal.message), status)(scope, receive, send)


async def _unavailable(scope: Scope, receive: Receive, send: Send) -> None:
    """The database away before the admin could start: its API's JSON, its page in words."""
    headers = {"Retry-After": RETRY_AFTER}
    if "/api/" in scope["path"]:
        # A write's refusal is shown in its form only as a 422 (admin.localise).
        status = 503 if scope["method"] in READS else 422
        body = {"detail": UNAVAILABLE, "custom_form_error": UNAVAILABLE}
        await JSONResponse(body, status, headers=headers)(scope, receive, send)
    else:
        await HTMLResponse(_page(UNAVAILABLE, "Tải lại", "location.reload()"), 503, headers)(
            scope, receive, send
        )


def rewrite_json(app: ASGIApp, rewrite: Callable[[object], object], status: int = 200) -> ASGIApp:
    """`app` whose JSON answer, when `status`, goes through `rewrite` (which may be
    async); its headers kept (cookies, caching) but the length. Any other answer
    passes as it is."""

    async def rewritten(scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        body = b""

        async def capture(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = message
                is_json = any(
                    name.lower() == b"content-type" and value.startswith(b"application/json")
                    for name, value in message.get("headers", [])
                )
                if message["status"] != status or not is_json:
                    start = {}
                    await send(message)
                return
            if not start:  # passed through
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body", False):
                return
            data = rewrite(json.loads(body))
            data = await data if inspect.isawaitable(data) else data
            out = json.dumps(data, ensure_ascii=False).encode()
            headers = [h for h in start.get("headers", []) if h[0].lower() != b"content-length"]
            headers.append((b"content-length", str(len(out)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": out, "more_body": False})

        await app(scope, receive, capture)

    return rewritten


_LOGOUT = (
    "fetch('public/logout/',{method:'POST',headers:{'X-CSRFToken':"
    "(document.cookie.match(/csrftoken=([^;]+)/)||[])[1]}}).then(()=>location.reload())"
)


def _page(message: str, button: str = "Đăng xuất", action: str = _LOGOUT) -> str:
    # The SPA is not served, so the page offers its own way on (by default a logout).
    return (
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Sáng kiến Công đoàn</title>'
        f'<body style="font-family:sans-serif;max-width:40em;margin:4em auto"><p>{message}</p>'
        f'<button onclick="{action}">{button}</button></body></html>'
    )
