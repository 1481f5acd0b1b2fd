"""Row-level scoping on PostgreSQL: roles, policies and guard triggers.

The app connects as the owner of the tables, which row-level security does not
bind. For a viewer, staff member or manager, each request runs in a transaction
that does `SET LOCAL ROLE sangkien_viewer|sangkien_staff` and sets
`sangkien.scope` (the materialised path of the caller's unit), `sangkien.user`
and `sangkien.unit` (see domain/scope.py). From then on:

- a unit is visible when its path starts with the scope; every other table's
  policy is written in terms of visible units, visible initiatives or visible
  authors, so the scope rule lives in exactly one policy;
- grants decide who writes: viewers read only; staff and managers write the
  scoped tables; nobody but the owner touches accounts, tokens, programmes and
  phases;
- guard triggers (security invoker, so they see what the caller sees) refuse a
  write that would put a row out of the caller's scope with a named error that
  domain.violations turns into Vietnamese; the policies' WITH CHECK stay as the
  backstop.

An unset scope under a scoped role matches nothing: a forgotten setting fails
closed. Later migrations that add tables must grant and enable row-level
security for them: tests/test_scope_schema.py fails until they do.

SQLite has no roles or policies: the embedded mode serves administrators only,
so only the data changes below apply there.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T11:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "row-level scoping"

ROLES = ("sangkien_viewer", "sangkien_staff")

# Tables every scoped account reads, and those staff and managers also write.
READ = (
    "unit cluster cluster_member programme phase target initiative author authorship "
    "status_change commendation"
).split()
WRITE = "unit cluster_member target initiative author authorship commendation".split()

UNIT_VISIBLE = "path >= sangkien_scope() AND path < sangkien_scope_end()"
IN_SCOPE = "IN (SELECT id FROM unit)"  # the unit policy applies inside the subquery
# A confidential initiative sent to a unit in scope from a unit outside it is
# read only through the masking API (which sets sangkien.masked_reads).
INITIATIVE_READ = (
    f"unit {IN_SCOPE} OR (reviewing_unit {IN_SCOPE} AND (NOT confidential OR sangkien_masked()))"
)
INITIATIVE_WRITE = f"unit {IN_SCOPE} OR (reviewing_unit {IN_SCOPE} AND NOT confidential)"
AUTHOR_VISIBLE = f"unit {IN_SCOPE} OR id IN (SELECT author FROM authorship)"

# (name, table, command, USING, WITH CHECK)
POLICIES: list[tuple[str, str, str, str | None, str | None]] = [
    ("scope", "unit", "ALL", UNIT_VISIBLE, UNIT_VISIBLE),
    ("scope", "cluster_member", "ALL", f"unit {IN_SCOPE}", f"unit {IN_SCOPE}"),
    ("scope", "target", "ALL", f"unit {IN_SCOPE}", f"unit {IN_SCOPE}"),
    ("scope_read", "initiative", "SELECT", INITIATIVE_READ, None),
    ("scope_insert", "initiative", "INSERT", None, INITIATIVE_WRITE),
    ("scope_update", "initiative", "UPDATE", INITIATIVE_WRITE, INITIATIVE_WRITE),
    ("scope_delete", "initiative", "DELETE", INITIATIVE_WRITE, None),
    ("scope", "author", "ALL", AUTHOR_VISIBLE, AUTHOR_VISIBLE),
    (
        "scope",
        "authorship",
        "ALL",
        # (the author's own policy reads authorship: its check is the guard's)
        "initiative IN (SELECT id FROM initiative)",
        "initiative IN (SELECT id FROM initiative)",
    ),
    ("scope", "status_change", "SELECT", "initiative IN (SELECT id FROM initiative)", None),
    (
        "scope",
        "commendation",
        "ALL",
        f"unit {IN_SCOPE} OR author IN (SELECT id FROM author)",
        f"(unit IS NULL OR unit {IN_SCOPE})"
        " AND (author IS NULL OR author IN (SELECT id FROM author))",
    ),
    # The admin's session check reads the caller's own user and session rows.
    ("own", "piccolo_user", "ALL", "id = sangkien_user()", "id = sangkien_user()"),
    ("own", "sessions", "ALL", "user_id = sangkien_user()", "user_id = sangkien_user()"),
]
SESSION_GRANTS = [
    "GRANT SELECT, UPDATE (password, last_login) ON piccolo_user TO {role}",
    "GRANT SELECT, UPDATE, DELETE ON sessions TO {role}",
]

# PARALLEL SAFE: a policy that calls them still lets counts use parallel workers.
FUNCTIONS = [
    """
    CREATE FUNCTION sangkien_scope() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT nullif(current_setting('sangkien.scope', true), '')
    $$
    """,
    # The first path after every path that starts with the scope ('/' < '0').
    """
    CREATE FUNCTION sangkien_scope_end() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT left(sangkien_scope(), -1) || '0'
    $$
    """,
    """
    CREATE FUNCTION sangkien_user() RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT nullif(current_setting('sangkien.user', true), '')::integer
    $$
    """,
    """
    CREATE FUNCTION sangkien_masked() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(current_setting('sangkien.masked_reads', true), '') = 'on'
    $$
    """,
    # Guards run as the caller: "visible" is "in the caller's scope". For the
    # owner row_security_active() is false and they do nothing.
    """
    CREATE FUNCTION unit_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF row_security_active('unit')
           AND (TG_OP = 'INSERT' OR NEW.parent IS DISTINCT FROM OLD.parent)
           AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.parent) THEN
            RAISE EXCEPTION 'unit_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_out_of_scope';
        END IF;
        RETURN NEW;
    END $$
    """,
    # A unit's own target is handed down by the level above, not set by itself.
    """
    CREATE FUNCTION target_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        row_unit integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.unit ELSE NEW.unit END;
    BEGIN
        IF row_security_active('target') AND NOT EXISTS (
            SELECT 1 FROM unit WHERE id = row_unit AND path <> sangkien_scope()
        ) THEN
            RAISE EXCEPTION 'target_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'target_out_of_scope';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$
    """,
    """
    CREATE FUNCTION cluster_member_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF row_security_active('cluster_member')
           AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
            RAISE EXCEPTION 'cluster_member_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_member_out_of_scope';
        END IF;
        RETURN NEW;
    END $$
    """,
    # An initiative's own unit must stay in scope; its reviewing unit may lie
    # outside (a grassroots union sends to the level above), but a change may not
    # take the row out of the caller's sight.
    """
    CREATE FUNCTION initiative_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT row_security_active('initiative') THEN
            RETURN NEW;
        END IF;
        IF (TG_OP = 'INSERT' OR NEW.unit IS DISTINCT FROM OLD.unit)
           AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
            RAISE EXCEPTION 'initiative_unit_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_unit_out_of_scope';
        END IF;
        IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) AND (
            NEW.confidential OR NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.reviewing_unit)
        ) THEN
            RAISE EXCEPTION 'initiative_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_out_of_scope';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION author_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT row_security_active('author') THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'INSERT' AND NEW.unit IS NULL THEN
            NEW.unit := nullif(current_setting('sangkien.unit', true), '')::integer;
        END IF;
        IF (TG_OP = 'INSERT' OR NEW.unit IS DISTINCT FROM OLD.unit)
           AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
            RAISE EXCEPTION 'author_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'author_out_of_scope';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION authorship_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF row_security_active('authorship') AND NOT (
            EXISTS (SELECT 1 FROM initiative WHERE id = NEW.initiative)
            AND EXISTS (SELECT 1 FROM author WHERE id = NEW.author)
        ) THEN
            RAISE EXCEPTION 'authorship_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_out_of_scope';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION commendation_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF row_security_active('commendation') AND NOT (
            (NEW.unit IS NULL OR EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit))
            AND (NEW.author IS NULL OR EXISTS (SELECT 1 FROM author WHERE id = NEW.author))
        ) THEN
            RAISE EXCEPTION 'commendation_out_of_scope'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'commendation_out_of_scope';
        END IF;
        RETURN NEW;
    END $$
    """,
]
GUARDS = {
    "unit": "INSERT OR UPDATE",
    "target": "INSERT OR UPDATE OR DELETE",
    "cluster_member": "INSERT OR UPDATE",
    "initiative": "INSERT OR UPDATE",
    "author": "INSERT OR UPDATE",
    "authorship": "INSERT OR UPDATE",
    "commendation": "INSERT OR UPDATE",
}
# The tree and rule triggers must see every row, whoever fires them (a unit's
# initiatives or an initiative's co-authors may lie outside the caller's scope).
DEFINER = [
    "unit_before_write",
    "unit_after_move",
    "unit_before_delete",
    "phase_no_overlap",
    "authorship_share_total",
]

DATA = [
    # Every account with a role may now open the admin: scoping holds there.
    'UPDATE piccolo_user SET admin = true WHERE id IN (SELECT "user" FROM account_profile)',
    # Authors created before the column existed belong to their first initiative's unit.
    """
    UPDATE author SET unit = (
        SELECT i.unit FROM authorship a JOIN initiative i ON i.id = a.initiative
         WHERE a.author = author.id ORDER BY a.id LIMIT 1
    ) WHERE unit IS NULL
    """,
]


def _roles() -> list[str]:
    statements = []
    for role in ROLES:
        statements.append(
            f"""
            DO $$ BEGIN
                CREATE ROLE {role} NOLOGIN;
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
            """
        )
        # The app's own role must be allowed to SET ROLE to it.
        statements.append(
            f"""
            DO $$ BEGIN
                IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                    EXECUTE 'GRANT {role} TO ' || quote_ident(current_user);
                END IF;
            END $$
            """
        )
    return statements


def _grants() -> list[str]:
    statements = [f"GRANT USAGE ON SCHEMA public TO {', '.join(ROLES)}"]
    for role in ROLES:
        statements += [f"GRANT SELECT ON {', '.join(READ)} TO {role}"]
        statements += [grant.format(role=role) for grant in SESSION_GRANTS]
    statements.append(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(WRITE)} TO sangkien_staff")
    statements += [f"GRANT USAGE ON SEQUENCE {table}_id_seq TO sangkien_staff" for table in WRITE]
    return statements


def _policies() -> list[str]:
    statements = [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"
        for table in dict.fromkeys(table for _, table, *_ in POLICIES)
    ]
    for name, table, command, using, check in POLICIES:
        sql = f"CREATE POLICY {name} ON {table} FOR {command}"
        if using:
            sql += f" USING ({using})"
        if check:
            sql += f" WITH CHECK ({check})"
        statements.append(sql)
    return statements


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        engine = Unit._meta.db
        statements = list(DATA)
        if isinstance(engine, PostgresEngine):
            statements += [
                *_roles(),
                *FUNCTIONS,
                *(
                    f"CREATE TRIGGER {table}_scope_guard BEFORE {events} ON {table}"
                    f" FOR EACH ROW EXECUTE FUNCTION {table}_scope_guard()"
                    for table, events in GUARDS.items()
                ),
                *(
                    f"ALTER FUNCTION {name}() SECURITY DEFINER SET search_path FROM CURRENT"
                    for name in DEFINER
                ),
                *_grants(),
                *_policies(),
            ]
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
