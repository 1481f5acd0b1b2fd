"""Baseline, part two: what Piccolo's table migrations cannot express.

CHECK constraints (one name per rule: `domain.violations` turns each name into a
Vietnamese sentence), indexes beyond Piccolo's single-column ones, the unit path's
byte-order collation, the kept figures' descriptive columns, and the table that
records which files of `db/` are applied. Functions, triggers, views, policies and
grants are not here: they live in `db/`, one readable file each, applied by
`manage.py migrate` whenever a file changes (domain/db_files.py).

Squashed on 2026-11-29 from the migrations of 2026-11-24 (nothing was deployed).
Like every committed migration, this file is never edited again
(tests/test_schema.py holds its checksum).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T12:51:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "baseline: constraints, indexes, kept figure columns"

STATEMENTS = [
    # Trusted since PostgreSQL 13: a database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # -- units
    "ALTER TABLE unit ADD CONSTRAINT unit_kind_check CHECK (kind IN ('confederation',"
    " 'provincial_federation', 'central_sector_union', 'district_federation', 'sector_union',"
    " 'industrial_zone_union', 'civil_servants_union', 'grassroots_union', 'other'))",
    "ALTER TABLE unit ADD CONSTRAINT unit_code_not_blank CHECK (trim(code) <> '')",
    "ALTER TABLE unit ADD CONSTRAINT unit_name_not_blank CHECK (trim(name) <> '')",
    "ALTER TABLE unit ADD CONSTRAINT unit_not_own_parent CHECK (parent IS NULL OR parent <> id)",
    # Byte order, so that a prefix match on path can use the btree index.
    'ALTER TABLE unit ALTER COLUMN path TYPE varchar(255) COLLATE "C"',
    "CREATE UNIQUE INDEX unit_single_root ON unit ((parent IS NULL)) WHERE parent IS NULL",
    "CREATE INDEX unit_active ON unit (active)",
    "ALTER TABLE cluster ADD CONSTRAINT cluster_code_not_blank CHECK (trim(code) <> '')",
    "CREATE UNIQUE INDEX cluster_member_unique ON cluster_member (cluster, unit)",
    # -- programmes, phases, targets
    "ALTER TABLE programme ADD CONSTRAINT programme_code_not_blank CHECK (trim(code) <> '')",
    "ALTER TABLE phase ADD CONSTRAINT phase_code_not_blank CHECK (trim(code) <> '')",
    "ALTER TABLE phase ADD CONSTRAINT phase_dates_order CHECK (start_date <= end_date)",
    "CREATE INDEX phase_dates ON phase (start_date, end_date)",
    "ALTER TABLE target ADD CONSTRAINT target_quota_non_negative CHECK (quota >= 0)",
    "ALTER TABLE target ADD CONSTRAINT target_phase_or_programme"
    " CHECK ((phase IS NULL) <> (programme IS NULL))",
    "CREATE UNIQUE INDEX target_unit_phase_unique ON target (unit, phase)",
    "CREATE UNIQUE INDEX target_unit_programme_unique ON target (unit, programme)",
    # -- initiatives
    "ALTER TABLE initiative ADD CONSTRAINT initiative_code_not_blank CHECK (trim(code) <> '')",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_title_not_blank CHECK (trim(title) <> '')",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_field_check CHECK (field IN ('industry',"
    " 'construction', 'agriculture', 'energy', 'it', 'health', 'education', 'administration',"
    " 'finance', 'services', 'union_work', 'other'))",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_solution_type_check CHECK (solution_type"
    " IN ('technical', 'management', 'operational', 'technology', 'research'))",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_recognition_form_check CHECK"
    " (recognition_form IN ('recognition_decision', 'commendation_decision', 'other'))",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_recognition_scope_check CHECK"
    " (recognition_scope IN ('organisation', 'sector_province', 'national'))",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_status_check CHECK (status IN"
    " ('draft', 'pending', 'returned', 'approved', 'rejected', 'withdrawn'))",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_benefit_non_negative"
    " CHECK (benefit_vnd IS NULL OR benefit_vnd >= 0)",
    "ALTER TABLE initiative ADD CONSTRAINT initiative_submitted_unless_draft"
    " CHECK (status IN ('draft', 'withdrawn') OR submitted_on IS NOT NULL)",
    # The queues: by reviewing unit, by own unit, and the whole pending queue in
    # order (a decided initiative leaves it without an index write).
    "CREATE INDEX initiative_review_queue ON initiative (reviewing_unit, status, submitted_on)",
    "CREATE INDEX initiative_unit_status ON initiative (unit, status, submitted_on)",
    "CREATE INDEX initiative_pending ON initiative (submitted_on, id) WHERE status = 'pending'",
    "CREATE INDEX initiative_confidential ON initiative (id) WHERE confidential",
    # The admin's text filters are `ILIKE '%…%'`: only trigram indexes serve them. A
    # batch of 10,000 decisions adds ~3 MB to a pending list: at 16 MB autovacuum
    # merges it, not the request that crosses PostgreSQL's default 4 MB.
    "CREATE INDEX unit_name_trgm ON unit USING gin (name gin_trgm_ops)",
    "CREATE INDEX unit_code_trgm ON unit USING gin (code gin_trgm_ops)",
    "CREATE INDEX initiative_title_trgm ON initiative USING gin (title gin_trgm_ops)"
    " WITH (gin_pending_list_limit = 16384)",
    "CREATE INDEX initiative_code_trgm ON initiative USING gin (code gin_trgm_ops)"
    " WITH (gin_pending_list_limit = 16384)",
    "CREATE INDEX author_name_trgm ON author USING gin (name gin_trgm_ops)",
    "ALTER TABLE author ADD CONSTRAINT author_name_not_blank CHECK (trim(name) <> '')",
    "ALTER TABLE author ADD CONSTRAINT author_birth_year_range"
    " CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100)",
    "CREATE INDEX author_workplace ON author (workplace)",
    "ALTER TABLE authorship ADD CONSTRAINT authorship_share_range"
    " CHECK (share > 0 AND share <= 100)",
    "CREATE UNIQUE INDEX authorship_unique ON authorship (initiative, author)",
    "ALTER TABLE status_change ADD CONSTRAINT status_change_from_check CHECK (from_status IS NULL"
    " OR from_status IN ('draft', 'pending', 'returned', 'approved', 'rejected', 'withdrawn'))",
    "ALTER TABLE status_change ADD CONSTRAINT status_change_to_check CHECK (to_status IN"
    " ('draft', 'pending', 'returned', 'approved', 'rejected', 'withdrawn'))",
    "CREATE INDEX status_change_initiative_at ON status_change (initiative, at)",
    "ALTER TABLE approval_batch ADD CONSTRAINT approval_batch_action_check"
    " CHECK (action IN ('approve', 'reject', 'return', 'transfer', 'revoke'))",
    "CREATE UNIQUE INDEX approval_batch_idempotency ON approval_batch (actor, idempotency_key)"
    " WHERE idempotency_key IS NOT NULL",
    # -- commendations, accounts
    "ALTER TABLE commendation ADD CONSTRAINT commendation_recipient_kind_check"
    " CHECK (recipient_kind IN ('collective', 'individual'))",
    "ALTER TABLE commendation ADD CONSTRAINT commendation_form_check"
    " CHECK (form IN ('vgcl_merit', 'provincial_merit', 'certificate', 'other'))",
    "ALTER TABLE commendation ADD CONSTRAINT commendation_recipient CHECK ("
    "(recipient_kind <> 'collective' OR (unit IS NOT NULL AND author IS NULL))"
    " AND (recipient_kind <> 'individual' OR (author IS NOT NULL AND unit IS NULL)))",
    "CREATE INDEX commendation_kind_form ON commendation (recipient_kind, form)",
    "ALTER TABLE account_profile ADD CONSTRAINT account_profile_role_check"
    " CHECK (role IN ('viewer', 'staff', 'manager', 'admin'))",
    "ALTER TABLE account_profile ADD CONSTRAINT account_profile_unit"
    " CHECK (role = 'admin' OR unit IS NOT NULL)",
    "CREATE INDEX account_profile_role ON account_profile (role)",
    "CREATE INDEX api_token_revoked_at ON api_token (revoked_at)",
    # -- kept figures: each row also describes its unit, target and percent, so a
    # ranking reads one table. Nothing counted is indexed and each page keeps room
    # (fillfactor 70): a roll-up's update stays on its page (heap-only).
    "ALTER TABLE unit_figure ADD COLUMN code varchar(32) NOT NULL DEFAULT '',"
    " ADD COLUMN kind varchar(32) NOT NULL DEFAULT '',"
    " ADD COLUMN path varchar(255) COLLATE \"C\" NOT NULL DEFAULT '',"
    " ADD COLUMN depth integer NOT NULL DEFAULT 0,"
    " ADD COLUMN target integer,"
    " ADD COLUMN pct numeric GENERATED ALWAYS AS"
    " (CASE WHEN target > 0 THEN round(valid * 100.0 / target, 1) END) STORED",
    "ALTER TABLE unit_figure SET (fillfactor = 70)",
    "CREATE UNIQUE INDEX unit_figure_unit_phase ON unit_figure (unit, phase)",
    # `CLUSTER unit_figure` (after a bulk load) writes rows in the order roll-ups lock them.
    "ALTER TABLE unit_figure CLUSTER ON unit_figure_unit_phase",
    "CREATE INDEX unit_figure_by_place ON unit_figure (phase, path, depth, kind)",
    # -- which files of db/ are applied, and their content's checksum
    "CREATE TABLE db_file (path text PRIMARY KEY, sha256 text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())",
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
