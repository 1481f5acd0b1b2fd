"""The admin's «Đổi mật khẩu» under the project's password rules, in Vietnamese.

piccolo_api's change-password endpoint takes any new password of 6 characters or
more and answers in English. The new password is checked first as «Tạo tài
khoản» checks one (domain.accounts.check_password); piccolo_api's own refusals
(the current password wrong, a field missing) are put in words.
"""

import re

from litestar.types import ASGIApp, Receive, Scope, Send
from starlette.responses import JSONResponse

from admin.caller import scope_caller
from admin.scope import rewrite_json
from domain.accounts import AccountError, check_password
from endpoints.lifetime import json_of, read_body, replay

_PATH = re.compile(r"/api/change-password/?$")
WORDS = {
    "Incorrect password.": "«Mật khẩu hiện tại» không đúng; hãy gõ lại.",
    "Passwords do not match.": "«Nhập lại mật khẩu mới» không khớp; hãy gõ lại cả hai.",
    "Form is invalid. Missing one or more fields.": "Hãy điền đủ cả ba ô mật khẩu.",
}


def password_rules(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not _PATH.search(scope["path"]):
            await app(scope, receive, send)
            return
        messages = await read_body(receive)
        if messages is None:  # over the size limit: endpoints.lifetime answers it
            await app(scope, receive, send)
            return
        data = json_of(messages)
        caller = scope_caller(scope)
        if isinstance(data, dict) and isinstance(data.get("new_password"), str):
            try:
                check_password(
                    data["new_password"],
                    caller.username if caller else "",
                    str(data.get("confirm_new_password") or ""),
                )
            except AccountError as refusal:
                answer = JSONResponse({"detail": in_this_form(refusal)}, 422)
                await answer(scope, replay(messages, receive), send)
                return
        await rewrite_json(app, _in_words, 422)(scope, replay(messages, receive), send)

    return middleware


# The change form's own labels for the fields «Tạo tài khoản» calls otherwise.
LABELS = {"password": "Mật khẩu mới", "password_again": "Nhập lại mật khẩu mới"}


def in_this_form(refusal: AccountError) -> str:
    message = refusal.message.replace("«Mật khẩu»", f"«{LABELS['password']}»")
    return f"«{LABELS.get(refusal.field, refusal.field)}»: {message}"


def _in_words(data: object) -> object:
    """piccolo_api's English refusal (a detail of WORDS) in words."""
    if isinstance(data, dict) and data.get("detail") in WORDS:
        return {**data, "detail": WORDS[data["detail"]]}
    return data
