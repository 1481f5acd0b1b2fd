"""Constraints, indexes and triggers that Piccolo's auto-migrations cannot express.

Every rule has one name. PostgreSQL gets real CHECK constraints and plpgsql
triggers; SQLite (which cannot add constraints to an existing table) gets
triggers that abort with the same name. `domain.violations` turns these names
into messages for people. The SQL is frozen here, as a migration should be.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T10:22:40:644223"
VERSION = "1.38.0"
DESCRIPTION = "constraints, indexes and triggers"


def _in(column: str, values: str) -> str:
    quoted = ", ".join(f"'{v}'" for v in values.split())
    return f"{column} IN ({quoted})"


UNIT_KINDS = (
    "confederation provincial_federation central_sector_union district_federation "
    "sector_union industrial_zone_union civil_servants_union grassroots_union other"
)
FIELDS = (
    "industry construction agriculture energy it health education administration "
    "finance services union_work other"
)
STATUSES = "draft pending returned approved rejected withdrawn"

# (name, table, condition over the row's own columns)
CHECKS: list[tuple[str, str, str]] = [
    ("unit_kind_check", "unit", _in("kind", UNIT_KINDS)),
    ("unit_code_not_blank", "unit", "trim(code) <> ''"),
    ("unit_name_not_blank", "unit", "trim(name) <> ''"),
    ("unit_not_own_parent", "unit", "parent IS NULL OR parent <> id"),
    ("cluster_code_not_blank", "cluster", "trim(code) <> ''"),
    ("programme_code_not_blank", "programme", "trim(code) <> ''"),
    ("phase_code_not_blank", "phase", "trim(code) <> ''"),
    ("phase_dates_order", "phase", "start_date <= end_date"),
    ("target_quota_non_negative", "target", "quota >= 0"),
    ("target_phase_or_programme", "target", "(phase IS NULL) <> (programme IS NULL)"),
    ("initiative_code_not_blank", "initiative", "trim(code) <> ''"),
    ("initiative_title_not_blank", "initiative", "trim(title) <> ''"),
    ("initiative_field_check", "initiative", _in("field", FIELDS)),
    (
        "initiative_solution_type_check",
        "initiative",
        _in("solution_type", "technical management operational technology research"),
    ),
    (
        "initiative_recognition_form_check",
        "initiative",
        _in("recognition_form", "recognition_decision commendation_decision other"),
    ),
    (
        "initiative_recognition_scope_check",
        "initiative",
        _in("recognition_scope", "organisation sector_province national"),
    ),
    ("initiative_status_check", "initiative", _in("status", STATUSES)),
    (
        "initiative_benefit_non_negative",
        "initiative",
        "benefit_vnd IS NULL OR benefit_vnd >= 0",
    ),
    (
        "initiative_submitted_unless_draft",
        "initiative",
        "status IN ('draft', 'withdrawn') OR submitted_on IS NOT NULL",
    ),
    ("author_name_not_blank", "author", "trim(name) <> ''"),
    (
        "author_birth_year_range",
        "author",
        "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100",
    ),
    ("authorship_share_range", "authorship", "share > 0 AND share <= 100"),
    (
        "status_change_from_check",
        "status_change",
        "from_status IS NULL OR " + _in("from_status", STATUSES),
    ),
    ("status_change_to_check", "status_change", _in("to_status", STATUSES)),
    (
        "commendation_recipient_kind_check",
        "commendation",
        _in("recipient_kind", "collective individual"),
    ),
    (
        "commendation_form_check",
        "commendation",
        _in("form", "vgcl_merit provincial_merit certificate other"),
    ),
    (
        "commendation_recipient",
        "commendation",
        "(recipient_kind <> 'collective' OR (unit IS NOT NULL AND author IS NULL))"
        " AND (recipient_kind <> 'individual' OR (author IS NOT NULL AND unit IS NULL))",
    ),
    ("account_profile_role_check", "account_profile", _in("role", "viewer staff manager admin")),
    ("account_profile_unit", "account_profile", "role = 'admin' OR unit IS NOT NULL"),
]

INDEXES = [
    "CREATE UNIQUE INDEX unit_single_root ON unit ((parent IS NULL)) WHERE parent IS NULL",
    "CREATE UNIQUE INDEX cluster_member_unique ON cluster_member (cluster, unit)",
    "CREATE UNIQUE INDEX target_unit_phase_unique ON target (unit, phase)",
    "CREATE UNIQUE INDEX target_unit_programme_unique ON target (unit, programme)",
    "CREATE UNIQUE INDEX authorship_unique ON authorship (initiative, author)",
    "CREATE INDEX initiative_review_queue ON initiative (reviewing_unit, status, submitted_on)",
    "CREATE INDEX initiative_unit_status ON initiative (unit, status, submitted_on)",
    "CREATE INDEX status_change_initiative_at ON status_change (initiative, at)",
    # What the admin filters on (foreign keys and several columns are indexed by
    # the tables migration already).
    "CREATE INDEX unit_active ON unit (active)",
    "CREATE INDEX phase_dates ON phase (start_date, end_date)",
    "CREATE INDEX initiative_solution_type ON initiative (solution_type)",
    "CREATE INDEX initiative_recognition_form ON initiative (recognition_form)",
    "CREATE INDEX initiative_recognition_scope ON initiative (recognition_scope)",
    "CREATE INDEX initiative_confidential ON initiative (confidential)",
    "CREATE INDEX author_workplace ON author (workplace)",
    "CREATE INDEX status_change_to_status ON status_change (to_status)",
    "CREATE INDEX commendation_kind_form ON commendation (recipient_kind, form)",
    "CREATE INDEX account_profile_role ON account_profile (role)",
    "CREATE INDEX api_token_revoked_at ON api_token (revoked_at)",
]

# The admin's text filters are `ILIKE '%…%'`: only trigram indexes serve them.
# pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
PG_TEXT_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)"
        for table, column in (
            ("unit", "name"),
            ("unit", "code"),
            ("initiative", "title"),
            ("initiative", "code"),
            ("author", "name"),
        )
    ),
]

PG_FUNCTIONS = [
    # Path and depth follow the parent; a move re-paths the whole subtree.
    """
    CREATE FUNCTION unit_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        p_path varchar;
        p_depth integer;
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.parent IS NOT DISTINCT FROM OLD.parent THEN
            RETURN NEW;
        END IF;
        IF NEW.parent IS NULL THEN
            NEW.path := '/' || NEW.id || '/';
            NEW.depth := 0;
            RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            -- Serialise moves: two concurrent moves could otherwise make a cycle.
            PERFORM pg_advisory_xact_lock(hashtext('sangkien.unit_tree'));
        END IF;
        SELECT path, depth INTO p_path, p_depth FROM unit WHERE id = NEW.parent;
        IF TG_OP = 'UPDATE' AND p_path LIKE OLD.path || '%' THEN
            RAISE EXCEPTION 'unit_no_cycle'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_no_cycle';
        END IF;
        NEW.path := coalesce(p_path, '') || NEW.id || '/';
        NEW.depth := coalesce(p_depth, -1) + 1;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION unit_after_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.parent IS DISTINCT FROM OLD.parent AND OLD.path <> '' THEN
            UPDATE unit
               SET path = NEW.path || substr(path, length(OLD.path) + 1),
                   depth = depth + NEW.depth - OLD.depth
             WHERE path LIKE OLD.path || '_%';
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION unit_before_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM unit WHERE parent = OLD.id) THEN
            RAISE EXCEPTION 'unit_has_children'
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'unit_has_children';
        END IF;
        IF EXISTS (SELECT 1 FROM initiative WHERE unit = OLD.id OR reviewing_unit = OLD.id) THEN
            RAISE EXCEPTION 'unit_has_initiatives'
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'unit_has_initiatives';
        END IF;
        RETURN OLD;
    END $$
    """,
    """
    CREATE FUNCTION phase_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM programme WHERE id = NEW.programme FOR UPDATE;
        IF EXISTS (
            SELECT 1 FROM phase p
             WHERE p.programme = NEW.programme AND p.id <> NEW.id
               AND p.start_date <= NEW.end_date AND p.end_date >= NEW.start_date
        ) THEN
            RAISE EXCEPTION 'phase_overlap'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'phase_overlap';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION authorship_share_total() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM initiative WHERE id = NEW.initiative FOR UPDATE;
        IF (SELECT sum(share) FROM authorship WHERE initiative = NEW.initiative) > 100 THEN
            RAISE EXCEPTION 'authorship_share_total'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_share_total';
        END IF;
        RETURN NULL;
    END $$
    """,
]

PG_TRIGGERS = [
    # Byte order, so that a prefix match on path can use the btree index.
    'ALTER TABLE unit ALTER COLUMN path TYPE varchar(255) COLLATE "C"',
    "CREATE TRIGGER unit_before_write BEFORE INSERT OR UPDATE OF parent ON unit"
    " FOR EACH ROW EXECUTE FUNCTION unit_before_write()",
    "CREATE TRIGGER unit_after_move AFTER UPDATE OF parent ON unit"
    " FOR EACH ROW EXECUTE FUNCTION unit_after_move()",
    "CREATE TRIGGER unit_before_delete BEFORE DELETE ON unit"
    " FOR EACH ROW EXECUTE FUNCTION unit_before_delete()",
    "CREATE TRIGGER phase_no_overlap BEFORE INSERT OR UPDATE ON phase"
    " FOR EACH ROW EXECUTE FUNCTION phase_no_overlap()",
    "CREATE TRIGGER authorship_share_total AFTER INSERT OR UPDATE ON authorship"
    " FOR EACH ROW EXECUTE FUNCTION authorship_share_total()",
]

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER unit_after_insert AFTER INSERT ON unit BEGIN
        UPDATE unit
           SET path = coalesce((SELECT p.path FROM unit p WHERE p.id = NEW.parent), '/')
                      || NEW.id || '/',
               depth = coalesce((SELECT p.depth + 1 FROM unit p WHERE p.id = NEW.parent), 0)
         WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER unit_before_move BEFORE UPDATE OF parent ON unit
    WHEN NEW.parent IS NOT OLD.parent AND NEW.parent IS NOT NULL BEGIN
        SELECT RAISE(ABORT, 'unit_no_cycle')
         WHERE (SELECT p.path FROM unit p WHERE p.id = NEW.parent) LIKE OLD.path || '%';
    END
    """,
    """
    CREATE TRIGGER unit_after_move AFTER UPDATE OF parent ON unit
    WHEN NEW.parent IS NOT OLD.parent AND OLD.path <> '' BEGIN
        UPDATE unit
           SET path = coalesce((SELECT p.path FROM unit p WHERE p.id = NEW.parent), '/')
                      || NEW.id || '/' || substr(path, length(OLD.path) + 1),
               depth = depth - OLD.depth
                       + coalesce((SELECT p.depth + 1 FROM unit p WHERE p.id = NEW.parent), 0)
         WHERE path LIKE OLD.path || '%';
    END
    """,
    """
    CREATE TRIGGER unit_before_delete BEFORE DELETE ON unit BEGIN
        SELECT RAISE(ABORT, 'unit_has_children')
         WHERE EXISTS (SELECT 1 FROM unit WHERE parent = OLD.id);
        SELECT RAISE(ABORT, 'unit_has_initiatives')
         WHERE EXISTS (
            SELECT 1 FROM initiative WHERE unit = OLD.id OR reviewing_unit = OLD.id
         );
    END
    """,
    *(
        f"""
        CREATE TRIGGER phase_no_overlap_{event.lower()} BEFORE {event} ON phase BEGIN
            SELECT RAISE(ABORT, 'phase_overlap')
             WHERE EXISTS (
                SELECT 1 FROM phase p
                 WHERE p.programme = NEW.programme AND p.id IS NOT NEW.id
                   AND p.start_date <= NEW.end_date AND p.end_date >= NEW.start_date
             );
        END
        """
        for event in ("INSERT", "UPDATE")
    ),
    *(
        # round(): SQLite holds Numeric as REAL, and 33.33 + 33.33 + 33.34 > 100 there.
        f"""
        CREATE TRIGGER authorship_share_total_{event.lower()} AFTER {event} ON authorship
        BEGIN
            SELECT RAISE(ABORT, 'authorship_share_total')
             WHERE round((SELECT sum(share) FROM authorship
                           WHERE initiative = NEW.initiative), 2) > 100;
        END
        """
        for event in ("INSERT", "UPDATE")
    ),
]


async def _sqlite_check_triggers(run_sql) -> list[str]:
    """SQLite cannot add CHECKs to a table: a trigger per table and event does it.

    The row's NEW values are selected under their column names, so each condition
    is written once, exactly as PostgreSQL gets it.
    """
    statements = []
    for table in dict.fromkeys(table for _, table, _ in CHECKS):
        columns = [row["name"] for row in await run_sql(f"PRAGMA table_info({table})")]
        new_row = ", ".join(f"NEW.{c} AS {c}" for c in columns)
        raises = "\n".join(
            f"SELECT RAISE(ABORT, '{name}') FROM (SELECT {new_row}) WHERE NOT ({cond});"
            for name, t, cond in CHECKS
            if t == table
        )
        for event in ("INSERT", "UPDATE"):
            statements.append(
                f"CREATE TRIGGER {table}_checks_{event.lower()} BEFORE {event} ON {table}"
                f" BEGIN\n{raises}\nEND"
            )
    return statements


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        engine = Unit._meta.db

        async def run_sql(sql: str):
            return await engine.run_ddl(sql)

        if isinstance(engine, PostgresEngine):
            statements = [
                *(f"ALTER TABLE {t} ADD CONSTRAINT {n} CHECK ({c})" for n, t, c in CHECKS),
                *INDEXES,
                *PG_TEXT_SEARCH,
                *PG_FUNCTIONS,
                *PG_TRIGGERS,
            ]
        else:
            statements = [*INDEXES, *SQLITE_TRIGGERS, *await _sqlite_check_triggers(run_sql)]
        for statement in statements:
            await run_sql(statement)

    manager.add_raw(run)
    return manager
