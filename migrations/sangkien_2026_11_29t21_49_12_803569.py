"""Money as a 64-bit integer: `initiative.benefit_vnd` NUMERIC(18,0) → BIGINT (issue 14).

Whole đồng need no decimal type, and a NUMERIC reached Piccolo Admin's screens
and its CSV in exponent form («1.5000E+8»); a BIGINT travels as a JSON integer.
The bound is 999.999.999.999.999 đồng (15 digits, domain.values.AMOUNT_MAX;
the largest real benefit is about 10^11): below 2^53, so every amount is exact
as a JavaScript number (the admin's forms), and a phase's sum over 10,000,000
initiatives still fits the kept figures' NUMERIC(22,0). A stored amount above
it stops the migration, naming the initiatives, and nothing changes.

The view `unit_figure_recount` reads the column, which PostgreSQL will not
retype under a view: it is dropped here and made again by db/figures/recount.sql
(`manage.py migrate` applies every db/ file after a table migration). The type
changes in the raw step with one rewrite of the table and its indexes (Piccolo's
own ALTER would have kept the CHECK as `benefit_vnd::numeric >= …`).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Numeric

ID = "2026-11-29T21:49:12:803569"
VERSION = "1.38.0"
DESCRIPTION = "money as bigint: initiative.benefit_vnd"

AMOUNT_MAX = 10**15 - 1  # domain.values.AMOUNT_MAX as of this migration

# The whole change in one statement, one rewrite of the table (the constraints
# checked as it is rewritten); an amount above the bound names the initiatives.
CHANGE = (
    "ALTER TABLE initiative DROP CONSTRAINT initiative_benefit_non_negative,"
    " ALTER COLUMN benefit_vnd DROP DEFAULT,"
    " ALTER COLUMN benefit_vnd TYPE bigint,"
    " ADD CONSTRAINT initiative_benefit_non_negative"
    " CHECK (benefit_vnd IS NULL OR benefit_vnd >= 0),"
    f" ADD CONSTRAINT initiative_benefit_at_most CHECK (benefit_vnd <= {AMOUNT_MAX})"
)
STATEMENTS = [
    "DROP VIEW IF EXISTS unit_figure_recount",
    f"DO $$ DECLARE over text; BEGIN {CHANGE};"
    " EXCEPTION WHEN check_violation THEN"
    " SELECT string_agg(code, ', ') INTO over FROM (SELECT code FROM initiative"
    f" WHERE benefit_vnd > {AMOUNT_MAX} ORDER BY id LIMIT 20) o;"
    f" RAISE EXCEPTION 'Benefit values above {AMOUNT_MAX} đồng; correct them and migrate"
    " again: %', over; END $$",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Initiative(Table):
            pass

        for statement in STATEMENTS:
            await Initiative._meta.db.run_ddl(statement)

    manager.add_raw(run)
    # Piccolo's record of the change (its snapshot, for `migrations new --auto`); by
    # now the column is a BIGINT, so its own ALTER changes no row.
    manager.alter_column(
        table_class_name="Initiative",
        tablename="initiative",
        column_name="benefit_vnd",
        db_column_name="benefit_vnd",
        params={},
        old_params={},
        column_class=BigInt,
        old_column_class=Numeric,
        schema=None,
    )
    return manager
