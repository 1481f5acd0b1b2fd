"""The edit history of a sent initiative (InitiativeEdit; its triggers: db/history/).

Its CHECK and index: the next migration (Piccolo runs a migration's raw steps
before its tables)."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.choices import Choice
from piccolo.columns.column_types import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Author(Table, tablename="author", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class BaseUser(Table, tablename="piccolo_user", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class Initiative(Table, tablename="initiative", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-11-29T19:51:38:205946"
VERSION = "1.38.0"
DESCRIPTION = "initiative edit history"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    manager.add_table(
        class_name="InitiativeEdit",
        tablename="initiative_edit",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="initiative",
        db_column_name="initiative",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Initiative,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="field",
        db_column_name="field",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 32,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "EditedField",
                {
                    "code": Choice(value="code", display_name="Mã sáng kiến"),
                    "title": Choice(value="title", display_name="Tên sáng kiến"),
                    "summary": Choice(value="summary", display_name="Tóm tắt nội dung"),
                    "field": Choice(value="field", display_name="Lĩnh vực"),
                    "solution_type": Choice(value="solution_type", display_name="Loại giải pháp"),
                    "unit": Choice(
                        value="unit",
                        display_name="Đơn vị (công đoàn cơ sở của tác giả)",
                    ),
                    "reviewing_unit": Choice(
                        value="reviewing_unit",
                        display_name="Công đoàn cấp trên trực tiếp (nơi duyệt)",
                    ),
                    "submitted_on": Choice(value="submitted_on", display_name="Ngày gửi"),
                    "first_applied_on": Choice(
                        value="first_applied_on",
                        display_name="Ngày áp dụng lần đầu",
                    ),
                    "benefit_vnd": Choice(
                        value="benefit_vnd", display_name="Giá trị làm lợi (đồng)"
                    ),
                    "recognition_form": Choice(
                        value="recognition_form",
                        display_name="Hình thức công nhận",
                    ),
                    "decision_number": Choice(
                        value="decision_number", display_name="Số quyết định"
                    ),
                    "decision_date": Choice(value="decision_date", display_name="Ngày quyết định"),
                    "issuing_body": Choice(value="issuing_body", display_name="Cơ quan ban hành"),
                    "recognition_scope": Choice(
                        value="recognition_scope",
                        display_name="Phạm vi công nhận",
                    ),
                    "confidential": Choice(value="confidential", display_name="Bảo mật"),
                    "decision_note": Choice(value="decision_note", display_name="Ý kiến khi duyệt"),
                    "share": Choice(
                        value="share",
                        display_name="Tỷ lệ đóng góp của tác giả (%)",
                    ),
                },
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="author",
        db_column_name="author",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Author,
            "on_delete": OnDelete.set_null,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="author_name",
        db_column_name="author_name",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 255,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="old_value",
        db_column_name="old_value",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="new_value",
        db_column_name="new_value",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="actor",
        db_column_name="actor",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": BaseUser,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="actor_name",
        db_column_name="actor_name",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 100,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="InitiativeEdit",
        tablename="initiative_edit",
        column_name="at",
        db_column_name="at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
