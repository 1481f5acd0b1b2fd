"""Piccolo Admin for sangkien: which tables, how they look, in Vietnamese."""

import os
from typing import Any

from piccolo.apps.user.tables import BaseUser
from piccolo_admin.endpoints import TableConfig, create_admin
from piccolo_api.crud.endpoints import OrderBy
from piccolo_api.crud.hooks import Hook, HookType
from piccolo_api.crud.validators import Validators
from piccolo_api.rate_limiting.middleware import InMemoryLimitProvider
from piccolo_api.session_auth.tables import SessionsBase
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

from admin.bundle import check_bundle, patch_bundle
from admin.display import add_display
from admin.forms import FORMS
from admin.history import HistoryInWords
from admin.hooks import (
    check_amounts,
    check_order,
    initiative_pre_patch,
    initiative_pre_save,
    refuse_batch_write,
    refuse_empty_patch,
    refuse_history_write,
    refuse_id,
    refuse_put,
    refuse_token_row,
    refuse_user_row,
    unit_pre_patch,
    unit_pre_save,
)
from admin.localise import LocaliseAdmin, invalid_values, table_of
from admin.login_limit import LoginRateLimit
from admin.page_fixes import fix_page
from admin.password_change import password_rules
from admin.picker_search import unaccented_picker
from admin.scope import ScopeAdmin
from admin.sidebar import sidebar_links
from admin.table_names import add_table_names
from admin.translation import TRANSLATIONS
from admin.typed_input import read_typed_input
from domain.database import UNAVAILABLE_ERRORS, is_outage
from domain.search import unaccented_filters
from endpoints.csrf import allowed_hosts
from endpoints.errors import RETRY_AFTER, UNAVAILABLE, UNSTORABLE, UNSTORABLE_ERRORS
from tables.accounts import AccountProfile, ApiToken
from tables.approvals import ApprovalBatch
from tables.commendations import Commendation
from tables.initiatives import Author, Authorship, Initiative, InitiativeEdit, StatusChange
from tables.programmes import Phase, Programme, Target
from tables.units import Cluster, ClusterMember, Unit

SITE_NAME = "Sáng kiến Công đoàn"

TREE = "1. Tổ chức công đoàn"
PROGRAMME = "2. Chương trình, chỉ tiêu"
INITIATIVES = "3. Sáng kiến"
EMULATION = "4. Thi đua, khen thưởng"
ACCOUNTS = "5. Tài khoản"


def _validators() -> Validators:
    return Validators(
        put_single=[refuse_put],
        post_single=[refuse_id],
        patch_single=[refuse_id, refuse_empty_patch],
        get_all=[check_order, check_amounts],
    )


def table_configs() -> list[TableConfig]:
    return [
        TableConfig(
            Unit,
            menu_group=TREE,
            visible_columns=[Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent, Unit.active],
            visible_filters=[Unit.code, Unit.name, Unit.kind, Unit.parent, Unit.active],
            order_by=[OrderBy(Unit.path)],
            hooks=[
                Hook(HookType.pre_save, unit_pre_save),
                Hook(HookType.pre_patch, unit_pre_patch),
            ],
            validators=_validators(),
        ),
        TableConfig(
            Cluster,
            menu_group=EMULATION,
            visible_columns=[Cluster.id, Cluster.code, Cluster.name],
            visible_filters=[Cluster.code, Cluster.name],
            rich_text_columns=[Cluster.description],
            validators=_validators(),
        ),
        TableConfig(
            ClusterMember,
            menu_group=EMULATION,
            visible_filters=[ClusterMember.cluster, ClusterMember.unit],
            validators=_validators(),
        ),
        TableConfig(
            Programme,
            menu_group=PROGRAMME,
            visible_columns=[Programme.id, Programme.code, Programme.name],
            rich_text_columns=[Programme.description],
            validators=_validators(),
        ),
        TableConfig(
            Phase,
            menu_group=PROGRAMME,
            visible_filters=[Phase.programme, Phase.code, Phase.start_date, Phase.end_date],
            order_by=[OrderBy(Phase.start_date)],
            validators=_validators(),
        ),
        TableConfig(
            Target,
            menu_group=PROGRAMME,
            visible_filters=[Target.unit, Target.phase, Target.programme],
            validators=_validators(),
        ),
        TableConfig(
            Initiative,
            menu_group=INITIATIVES,
            visible_columns=[
                Initiative.id,
                Initiative.code,
                Initiative.title,
                Initiative.unit,
                Initiative.reviewing_unit,
                Initiative.submitted_on,
                Initiative.benefit_vnd,
                Initiative.status,
            ],
            visible_filters=[
                Initiative.code,
                Initiative.title,
                Initiative.status,
                Initiative.field,
                Initiative.solution_type,
                Initiative.unit,
                Initiative.reviewing_unit,
                Initiative.submitted_on,
                Initiative.recognition_form,
                Initiative.recognition_scope,
                Initiative.confidential,
            ],
            rich_text_columns=[Initiative.summary],
            order_by=[OrderBy(Initiative.id, ascending=False)],
            hooks=[
                Hook(HookType.pre_save, initiative_pre_save),
                Hook(HookType.pre_patch, initiative_pre_patch),
            ],
            validators=_validators(),
        ),
        TableConfig(
            Author,
            menu_group=INITIATIVES,
            visible_filters=[Author.name, Author.workplace],
            validators=_validators(),
        ),
        TableConfig(
            Authorship,
            menu_group=INITIATIVES,
            visible_filters=[Authorship.initiative, Authorship.author],
            validators=_validators(),
        ),
        TableConfig(
            StatusChange,
            menu_group=INITIATIVES,
            visible_filters=[
                StatusChange.initiative,
                StatusChange.to_status,
                StatusChange.actor,
                StatusChange.at,
                StatusChange.batch,
            ],
            order_by=[OrderBy(StatusChange.id, ascending=False)],
            validators=_validators(),
        ),
        TableConfig(
            InitiativeEdit,
            menu_group=INITIATIVES,
            visible_columns=[
                InitiativeEdit.id,
                InitiativeEdit.at,
                InitiativeEdit.initiative,
                InitiativeEdit.field,
                InitiativeEdit.author_name,
                InitiativeEdit.old_value,
                InitiativeEdit.new_value,
                InitiativeEdit.actor_name,
            ],
            exclude_visible_filters=[
                InitiativeEdit.id,
                InitiativeEdit.author,
                InitiativeEdit.old_value,
                InitiativeEdit.new_value,
                InitiativeEdit.actor,
            ],
            order_by=[OrderBy(InitiativeEdit.id, ascending=False)],
            validators=Validators(
                post_single=[refuse_history_write],
                patch_single=[refuse_history_write],
                put_single=[refuse_history_write],
                delete_single=[refuse_history_write],
            ),
        ),
        TableConfig(
            ApprovalBatch,
            menu_group=INITIATIVES,
            visible_columns=[
                ApprovalBatch.id,
                ApprovalBatch.key,
                ApprovalBatch.actor,
                ApprovalBatch.action,
                ApprovalBatch.requested,
                ApprovalBatch.applied,
                ApprovalBatch.created_at,
            ],
            visible_filters=[ApprovalBatch.actor, ApprovalBatch.action, ApprovalBatch.created_at],
            order_by=[OrderBy(ApprovalBatch.id, ascending=False)],
            validators=Validators(
                post_single=[refuse_batch_write],
                patch_single=[refuse_batch_write],
                put_single=[refuse_batch_write],
                delete_single=[refuse_batch_write],
            ),
        ),
        TableConfig(
            Commendation,
            menu_group=EMULATION,
            visible_columns=[
                Commendation.id,
                Commendation.recipient_kind,
                Commendation.unit,
                Commendation.author,
                Commendation.phase,
                Commendation.form,
                Commendation.decision_number,
            ],
            visible_filters=[
                Commendation.recipient_kind,
                Commendation.unit,
                Commendation.author,
                Commendation.phase,
                Commendation.form,
            ],
            validators=_validators(),
        ),
        TableConfig(
            AccountProfile,
            menu_group=ACCOUNTS,
            visible_filters=[AccountProfile.user, AccountProfile.unit, AccountProfile.role],
            validators=_validators(),
        ),
        TableConfig(
            ApiToken,
            menu_group=ACCOUNTS,
            exclude_visible_columns=[ApiToken.token_hash],
            visible_filters=[ApiToken.user, ApiToken.name, ApiToken.revoked_at],
            hooks=[Hook(HookType.pre_save, refuse_token_row)],
            validators=_validators(),
        ),
        TableConfig(
            BaseUser,
            menu_group=ACCOUNTS,
            validators=Validators(
                post_single=[refuse_user_row],
                put_single=[refuse_put],
                patch_single=[refuse_id, refuse_empty_patch],
                get_all=[check_order],
            ),
        ),
        TableConfig(SessionsBase, menu_group=ACCOUNTS, validators=_validators()),
    ]


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def build_admin() -> ScopeAdmin:
    configs = table_configs()
    # Every text filter of the lists finds «Lò hơi» by «lo hoi» (domain/search.py).
    unaccented_filters([c for config in configs for c in config.table_class._meta.columns])
    router = create_admin(
        tables=configs,
        forms=FORMS,
        site_name=SITE_NAME,
        default_language_code="vi",
        translations=TRANSLATIONS,
        production=_env_flag("SANGKIEN_PRODUCTION"),
        allowed_hosts=allowed_hosts(),
        auto_include_related=False,
        # Logins are limited by admin.login_limit (in the database, per username and
        # address, across workers). Piccolo's own default, 20 requests per process
        # per address in 5 minutes and blocked until restart, would lock out a whole
        # office behind one address; it stays only as a flood guard.
        rate_limit_provider=InMemoryLimitProvider(timespan=300, limit=5_000, block_duration=300),
        sidebar_links=sidebar_links(),
    )
    _answer_faults(router)
    # The pickers' search, inside the admin's API: behind Piccolo's session check.
    session_check = next(r.app for r in router.routes if getattr(r, "path", "") == "/api")
    session_check.app = unaccented_picker(session_check.app, [c.table_class for c in configs])
    tables = [config.table_class for config in configs]
    check_bundle()  # now, not on the first request: an upgrade that breaks a patch stops here
    page = add_display(fix_page(add_table_names(router), FORMS), tables)
    inner = password_rules(read_typed_input(HistoryInWords(patch_bundle(page)), tables))
    return ScopeAdmin(LoginRateLimit(LocaliseAdmin(inner, tables)))


def _answer_faults(router: Any) -> None:
    """A value the database cannot hold (endpoints.errors) answers 400 with the
    sentence in the form, and a database out of reach 503 with Retry-After, not
    500. Each of the admin's apps (its page, its API behind the session check, its
    login) has its own error middleware, which would otherwise answer first."""
    mounts = {getattr(route, "path", ""): route.app for route in router.routes}
    api = getattr(mounts["/api"], "app", mounts["/api"])  # inside the session check

    async def unstorable(request: Request, problem: Exception) -> JSONResponse:
        return JSONResponse({"detail": UNSTORABLE, "custom_form_error": UNSTORABLE}, 400)

    async def invalid(request: Request, problem: ValidationError) -> JSONResponse:
        # piccolo_api converts a filter's value unguarded: a decimal of over 18
        # digits raised here (a 500) instead of answering 422 like other types.
        sentence = invalid_values(table_of(request.url.path), problem.errors())
        return JSONResponse({"detail": sentence, "custom_form_error": sentence}, 422)

    async def unavailable(request: Request, problem: Exception) -> JSONResponse:
        if not is_outage(problem):
            raise problem
        body = {"detail": UNAVAILABLE, "custom_form_error": UNAVAILABLE}
        return JSONResponse(body, 503, headers={"Retry-After": RETRY_AFTER})

    for app in (router, api, mounts["/public"]):
        for error in UNAVAILABLE_ERRORS:
            app.add_exception_handler(error, unavailable)
    for error in UNSTORABLE_ERRORS:
        api.add_exception_handler(error, unstorable)
    api.add_exception_handler(ValidationError, invalid)
