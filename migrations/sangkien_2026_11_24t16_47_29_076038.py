from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date, ForeignKey, Varchar

ID = "2026-11-24T16:47:29:076038"
VERSION = "1.38.0"
DESCRIPTION = "unindex redundant and low-cardinality columns"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="field",
        db_column_name="field",
        params={"index": False},
        old_params={"index": True},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="unit",
        db_column_name="unit",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="reviewing_unit",
        db_column_name="reviewing_unit",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="submitted_on",
        db_column_name="submitted_on",
        params={"index": False},
        old_params={"index": True},
        column_class=Date,
        old_column_class=Date,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="status",
        db_column_name="status",
        params={"index": False},
        old_params={"index": True},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="decided_by",
        db_column_name="decided_by",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="StatusChange",
        tablename="status_change",
        column_name="initiative",
        db_column_name="initiative",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="UnitFigure",
        tablename="unit_figure",
        column_name="unit",
        db_column_name="unit",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="UnitFigure",
        tablename="unit_figure",
        column_name="phase",
        db_column_name="phase",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager
