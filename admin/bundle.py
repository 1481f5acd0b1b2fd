"""Piccolo Admin's script bundle, with the strings it hard-codes in English where
our words must reach a person, and the choices its custom forms leave out.

The login page answers every refusal with «Problem logging in»: the 429 of the
login limit, which says how long to wait, never reached the person it is for.
The bundle is patched as it is served (read once); a replacement that no longer
matches (another Piccolo Admin release) leaves the bundle as it is, and
tests/test_admin.py fails.
"""

import functools
import hashlib
import re
from pathlib import Path

import piccolo_admin
from litestar.types import ASGIApp, Receive, Scope, Send
from starlette.responses import Response

ASSETS = Path(piccolo_admin.__file__).parent / "dist" / "assets"
REPLACEMENTS = [
    (
        'contents:"Problem logging in"',
        # Our refusals (429, 400, 413, 503) carry a Vietnamese `detail`; Piccolo's
        # own 401 is English, and means one thing.
        "contents:(r.response&&r.response.status!==401&&r.response.data&&"
        'r.response.data.detail)||"Sai tên đăng nhập hoặc mật khẩu."',
    ),
    (
        # A custom form's fields never get their choices (NewForm.vue passes none, as
        # the table forms do): an action would be free text naming English codes. A
        # form's property with `extra.choices` (admin.choices) becomes a select list.
        "type:e.getType(a),value:a.default,isNullable:e.isNullable(a),timeResolution:"
        "(M=(p=e.schema)==null?void 0:p.extra)==null?void 0:M.time_resolution[s],"
        'format:e.getFormat(a)},null,8,["columnName","type","value","isNullable",'
        '"timeResolution","format"]',
        "type:e.getType(a),value:a.default,isNullable:e.isNullable(a),timeResolution:"
        "(M=(p=e.schema)==null?void 0:p.extra)==null?void 0:M.time_resolution[s],"
        "format:e.getFormat(a),choices:a.extra&&a.extra.choices||null},null,8,"
        '["columnName","type","value","isNullable","timeResolution","format","choices"]',
    ),
]
_BUNDLE = re.compile(r"/assets/(index-[\w-]+\.js)/?$")  # the mount may add a slash


@functools.cache
def patched(name: str) -> tuple[bytes, str] | None:
    """The patched bundle and its ETag; None if a replacement does not apply."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    for old, new in REPLACEMENTS:
        if old not in text:
            return None
        text = text.replace(old, new)
    body = text.encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def patch_bundle(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = _BUNDLE.search(scope.get("path", "")) if scope["type"] == "http" else None
        found = patched(match.group(1)) if match and (ASSETS / match.group(1)).is_file() else None
        if found is None or scope["method"] not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        body, etag = found
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in dict(scope["headers"]).get(b"if-none-match", b"").decode():
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return
        await Response(body, media_type="text/javascript", headers=headers)(scope, receive, send)

    return middleware
