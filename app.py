"""The Litestar app: the admin at /admin, the API under /api, the pool in the lifespan."""

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, asgi
from litestar.status_codes import HTTP_308_PERMANENT_REDIRECT
from litestar.types import Receive, Scope, Send
from starlette.responses import RedirectResponse

from admin.config import build_admin
from domain.database import NotReady, close_pool, open_pool, wait_until_ready
from endpoints.approvals import get_approval, post_approvals
from endpoints.auth import authentication, run_as_caller
from endpoints.csrf import csrf_check
from endpoints.docs import OPENAPI, RequestModels, swagger_assets
from endpoints.entry import entry_router
from endpoints.errors import API_HANDLERS
from endpoints.export import export_initiatives, export_progress
from endpoints.health import health
from endpoints.initiatives import get_initiative, list_initiatives
from endpoints.lifetime import fresh_requests
from endpoints.me import me
from endpoints.progress import get_bands, get_progress, get_ranking, get_timeline
from endpoints.review import TEMPLATES, review_router
from endpoints.send import send_router
from endpoints.sheet_page import sheet_router

# Built once: Piccolo Admin compiles its routes and reads its assets here.
ADMIN = build_admin()


@asgi("/admin", is_mount=True, copy_scope=True)
async def admin(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["path"] in ("", "/") and not scope["raw_path"].endswith(b"/"):
        # Bare /admin: the admin's relative asset and API URLs need the slash.
        location = scope.get("root_path", "") + "/admin/"
        await RedirectResponse(location, HTTP_308_PERMANENT_REDIRECT)(scope, receive, send)
        return
    await ADMIN(scope, receive, send)


@asynccontextmanager
async def lifespan(_: Litestar) -> AsyncIterator[None]:
    try:
        await wait_until_ready(float(os.environ.get("SANGKIEN_START_WAIT", "30")))
    except NotReady as problem:
        # One clear line, then stop: raising here would print the server's
        # traceback of its task group, which says nothing more.
        print(f"error: {problem}", file=sys.stderr, flush=True)
        os._exit(3)
    await open_pool()
    try:
        yield
    finally:
        await close_pool()


app = Litestar(
    route_handlers=[
        admin,
        health,
        me,
        list_initiatives,
        get_initiative,
        get_progress,
        get_ranking,
        get_bands,
        get_timeline,
        export_progress,
        export_initiatives,
        post_approvals,
        get_approval,
        review_router,
        send_router,
        entry_router,
        sheet_router,
        swagger_assets,
    ],
    middleware=[fresh_requests, authentication, csrf_check, run_as_caller],
    exception_handlers=API_HANDLERS,
    lifespan=[lifespan],
    template_config=TEMPLATES,
    openapi_config=OPENAPI,
    plugins=[RequestModels()],
)
