"""Sound values: codes trimmed and unique whatever their case, names and titles with
something visible in them, an initiative's dates in order, and the serial its
generated code takes (issue 13, item 5).

Existing codes are trimmed first (leading and trailing spaces, no-break and
zero-width spaces). Codes that then differ only by case cannot be made unique by
a migration without choosing which record keeps its code: the migration stops and
names them, and nothing changes; rename one of each pair (the admin's form) and
migrate again. The triggers that trim new codes and refuse a submission dated in
the future live in db/rules/ (db/rules/codes.sql, db/rules/initiative_values.sql).

The patterns are written out in each constraint, not called from a function: the
migrations run before db/ is applied, and a constraint that calls a function ties
the table to it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T20:15:13:000000"
VERSION = "1.38.0"
DESCRIPTION = "sound values: trimmed codes unique without case, visible names, dates in order"

# Blank for a person: white space, no-break and zero-width spaces, joiners, marks
# of direction, the byte-order mark, control characters.
BLANK = (
    r"\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f"
    r"\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff"
)
VISIBLE = f"[^{BLANK}]"  # at least one character that is not blank
TRIM = f"^[{BLANK}]+|[{BLANK}]+$"
CODED = ("unit", "cluster", "programme", "phase", "initiative")
NAMED = {  # constraint name → (table, column); the baseline's trim(…) <> '' replaced
    "unit_code_not_blank": ("unit", "code"),
    "unit_name_not_blank": ("unit", "name"),
    "cluster_code_not_blank": ("cluster", "code"),
    "cluster_name_not_blank": ("cluster", "name"),
    "programme_code_not_blank": ("programme", "code"),
    "programme_name_not_blank": ("programme", "name"),
    "phase_code_not_blank": ("phase", "code"),
    "phase_name_not_blank": ("phase", "name"),
    "initiative_code_not_blank": ("initiative", "code"),
    "initiative_title_not_blank": ("initiative", "title"),
    "author_name_not_blank": ("author", "name"),
}

STATEMENTS = [
    # Codes that would be one once trimmed and read without case: stop, naming
    # them, rather than pick which of two records loses its code.
    "DO $$ DECLARE clashes text; BEGIN"
    " SELECT string_agg(format('%s: %s', t, codes), '; ') INTO clashes FROM ("
    + " UNION ALL ".join(
        f"SELECT '{t}' AS t, string_agg(code, ', ') AS codes FROM {t}"
        f" GROUP BY lower(regexp_replace(code, '{TRIM}', '', 'g')) HAVING count(*) > 1"
        for t in CODED
    )
    + ") AS twins;"
    " IF clashes IS NOT NULL THEN RAISE EXCEPTION"
    " 'Codes that differ only by case or spaces; rename one of each and migrate again: %',"
    " clashes; END IF; END $$",
    *(
        f"UPDATE {t} SET code = regexp_replace(code, '{TRIM}', '', 'g') WHERE code ~ '{TRIM}'"
        for t in CODED
    ),
    *(f"ALTER TABLE {t} ADD CONSTRAINT {t}_code_trimmed CHECK (code !~ '{TRIM}')" for t in CODED),
    # Beside the exact unique index (which serves lookups by code): the same code
    # in another case is the same code to a person.
    *(f"CREATE UNIQUE INDEX {t}_code_any_case ON {t} (lower(code))" for t in CODED),
    *(
        f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
        for name, (table, _) in NAMED.items()
    ),
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} ~ '{VISIBLE}')"
        for name, (table, column) in NAMED.items()
    ),
    # A submission is dated in the programme's era; the day it is sent is not in
    # the future (a trigger: "today" is not a constant). An initiative is applied,
    # and recognised by its workplace, before it is sent.
    "ALTER TABLE initiative ADD CONSTRAINT initiative_submitted_since_2000"
    " CHECK (submitted_on >= DATE '2000-01-01')",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_applied_before_submitted"
    " CHECK (first_applied_on <= submitted_on)",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_decision_before_submitted"
    " CHECK (decision_date <= submitted_on)",
    # The serial of generated initiative codes (SK-<unit code>-<year>-<serial>):
    # a sequence never hands the same number to two writers.
    "CREATE SEQUENCE initiative_code_serial",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        for statement in STATEMENTS:
            await Unit._meta.db.run_ddl(statement)

    manager.add_raw(run)
    return manager
