CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE FUNCTION public.author_ids_containing(typed text, most integer) RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    SELECT coalesce(array_agg(id), '{}') FROM (
        SELECT a.id FROM author a JOIN unit u ON u.id = a.unit
         WHERE search_text(a.name) LIKE search_contains_pattern(typed)
           AND (sangkien_scope() IS NULL
                OR (u.path >= sangkien_scope() AND u.path < sangkien_scope_end()))
         LIMIT most) found
$$;

CREATE FUNCTION public.author_ids_named(name text, most integer) RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $_$
    SELECT coalesce(array_agg(id), '{}') FROM (
        SELECT a.id FROM author a JOIN unit u ON u.id = a.unit
         WHERE search_text(a.name) = search_text($1)
           AND (sangkien_scope() IS NULL
                OR (u.path >= sangkien_scope() AND u.path < sangkien_scope_end()))
         LIMIT most) found
$_$;

CREATE FUNCTION public.author_of_decided(author_id integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM authorship a JOIN initiative i ON i.id = a.initiative
         WHERE a.author = author_id AND i.status IN ('approved', 'rejected'))
$$;

CREATE FUNCTION public.author_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
END $$;

CREATE FUNCTION public.author_write_lock() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF author_of_decided(OLD.id) THEN
        RAISE EXCEPTION 'author_decided_locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'author_decided_locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.authorship_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
DECLARE
    who integer := sangkien_user();
    moved boolean := TG_OP = 'UPDATE'
        AND (OLD.initiative, OLD.author) IS DISTINCT FROM (NEW.initiative, NEW.author);
BEGIN
    IF TG_OP = 'INSERT' AND who IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO initiative_edit
        (initiative, field, author, author_name, old_value, new_value, actor, actor_name)
    SELECT i.id, 'share', a.id, coalesce(a.name, ''), change.was::text, change.now_is::text,
           who, coalesce((SELECT username FROM piccolo_user WHERE id = who), '')
      FROM (
            SELECT OLD.initiative, OLD.author, OLD.share, NULL::numeric
             WHERE TG_OP = 'DELETE' OR moved
            UNION ALL
            SELECT NEW.initiative, NEW.author, NULL::numeric, NEW.share
             WHERE TG_OP = 'INSERT' OR moved
            UNION ALL
            SELECT NEW.initiative, NEW.author, OLD.share, NEW.share
             WHERE TG_OP = 'UPDATE' AND NOT moved AND OLD.share IS DISTINCT FROM NEW.share
           ) AS change (initiative, author, was, now_is)
      JOIN initiative i ON i.id = change.initiative
      LEFT JOIN author a ON a.id = change.author
     WHERE i.status <> 'draft'
       AND NOT (TG_OP = 'INSERT' AND i.created_at = now());
    RETURN NULL;
END $$;

CREATE FUNCTION public.authorship_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF row_security_active('authorship') AND NOT (
        EXISTS (SELECT 1 FROM initiative WHERE id = NEW.initiative)
        AND EXISTS (SELECT 1 FROM author WHERE id = NEW.author)
    ) THEN
        RAISE EXCEPTION 'authorship_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.authorship_share_total() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    PERFORM 1 FROM initiative WHERE id = NEW.initiative FOR UPDATE;
    IF (SELECT sum(share) FROM authorship WHERE initiative = NEW.initiative) > 100 THEN
        RAISE EXCEPTION 'authorship_share_total'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_share_total';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION public.authorship_write_lock() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND initiative_decided(OLD.initiative))
       OR (TG_OP <> 'DELETE' AND initiative_decided(NEW.initiative)) THEN
        RAISE EXCEPTION 'authorship_decided_locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_decided_locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.cluster_member_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF row_security_active('cluster_member')
       AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
        RAISE EXCEPTION 'cluster_member_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_member_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.code_trim() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.code := sangkien_trim(NEW.code);
    RETURN NEW;
END $$;

CREATE FUNCTION public.commendation_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF row_security_active('commendation') AND NOT (
        (NEW.unit IS NULL OR EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit))
        AND (NEW.author IS NULL OR EXISTS (SELECT 1 FROM author WHERE id = NEW.author))
    ) THEN
        RAISE EXCEPTION 'commendation_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'commendation_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.initiative_decided(initiative_id integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    SELECT coalesce((SELECT status IN ('approved', 'rejected')
                       FROM initiative WHERE id = initiative_id), false)
$$;

CREATE FUNCTION public.initiative_figures() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    -- Shared with other writers, exclusive with a unit's move (unit_before_write)
    -- and a rebuild: the ancestors read below are the committed ones.
    PERFORM pg_advisory_xact_lock_shared(hashtext('sangkien.unit_tree'));
    IF TG_OP = 'INSERT' THEN
        WITH changes AS (SELECT unit, submitted_on, status, benefit_vnd, 1 AS sign FROM new_rows),
        deltas AS (
            SELECT c.unit, ph.id AS phase,
                   sum(CASE WHEN c.status = 'approved' THEN c.sign ELSE 0 END) AS valid,
                   sum(CASE WHEN c.status = 'pending' THEN c.sign ELSE 0 END) AS pending,
                   sum(CASE WHEN c.status = 'returned' THEN c.sign ELSE 0 END) AS returned,
                   sum(CASE WHEN c.status = 'rejected' THEN c.sign ELSE 0 END) AS rejected,
                   sum(CASE WHEN c.status = 'approved'
                            THEN c.sign * coalesce(c.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
              FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
             GROUP BY c.unit, ph.id
        ),
        rolled AS (
            SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
                   sum(d.returned) AS returned, sum(d.rejected) AS rejected,
                   sum(d.benefit_vnd) AS benefit_vnd
              FROM (SELECT * FROM deltas
                     WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                        OR benefit_vnd <> 0) d
              JOIN unit u ON u.id = d.unit
             CROSS JOIN LATERAL
                   unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
             GROUP BY a.unit, d.phase
        ),
        locked AS MATERIALIZED (
            SELECT f.unit, f.phase FROM unit_figure f
              JOIN rolled r ON r.unit = f.unit AND r.phase = f.phase
             WHERE r.valid <> 0 OR r.pending <> 0 OR r.returned <> 0 OR r.rejected <> 0
                OR r.benefit_vnd <> 0
             ORDER BY f.unit, f.phase
               FOR UPDATE OF f
        )
        UPDATE unit_figure AS f SET
            valid = f.valid + r.valid,
            pending = f.pending + r.pending,
            returned = f.returned + r.returned,
            rejected = f.rejected + r.rejected,
            benefit_vnd = f.benefit_vnd + r.benefit_vnd
          FROM rolled r JOIN locked l ON l.unit = r.unit AND l.phase = r.phase
         WHERE f.unit = r.unit AND f.phase = r.phase;
    ELSIF TG_OP = 'UPDATE' THEN
        WITH changes AS (
            SELECT unit, submitted_on, status, benefit_vnd, 1 AS sign FROM new_rows
            UNION ALL
            SELECT unit, submitted_on, status, benefit_vnd, -1 AS sign FROM old_rows
        ),
        deltas AS (
            SELECT c.unit, ph.id AS phase,
                   sum(CASE WHEN c.status = 'approved' THEN c.sign ELSE 0 END) AS valid,
                   sum(CASE WHEN c.status = 'pending' THEN c.sign ELSE 0 END) AS pending,
                   sum(CASE WHEN c.status = 'returned' THEN c.sign ELSE 0 END) AS returned,
                   sum(CASE WHEN c.status = 'rejected' THEN c.sign ELSE 0 END) AS rejected,
                   sum(CASE WHEN c.status = 'approved'
                            THEN c.sign * coalesce(c.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
              FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
             GROUP BY c.unit, ph.id
        ),
        rolled AS (
            SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
                   sum(d.returned) AS returned, sum(d.rejected) AS rejected,
                   sum(d.benefit_vnd) AS benefit_vnd
              FROM (SELECT * FROM deltas
                     WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                        OR benefit_vnd <> 0) d
              JOIN unit u ON u.id = d.unit
             CROSS JOIN LATERAL
                   unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
             GROUP BY a.unit, d.phase
        ),
        locked AS MATERIALIZED (
            SELECT f.unit, f.phase FROM unit_figure f
              JOIN rolled r ON r.unit = f.unit AND r.phase = f.phase
             WHERE r.valid <> 0 OR r.pending <> 0 OR r.returned <> 0 OR r.rejected <> 0
                OR r.benefit_vnd <> 0
             ORDER BY f.unit, f.phase
               FOR UPDATE OF f
        )
        UPDATE unit_figure AS f SET
            valid = f.valid + r.valid,
            pending = f.pending + r.pending,
            returned = f.returned + r.returned,
            rejected = f.rejected + r.rejected,
            benefit_vnd = f.benefit_vnd + r.benefit_vnd
          FROM rolled r JOIN locked l ON l.unit = r.unit AND l.phase = r.phase
         WHERE f.unit = r.unit AND f.phase = r.phase;
    ELSIF TG_OP = 'DELETE' THEN
        WITH changes AS (SELECT unit, submitted_on, status, benefit_vnd, -1 AS sign FROM old_rows),
        deltas AS (
            SELECT c.unit, ph.id AS phase,
                   sum(CASE WHEN c.status = 'approved' THEN c.sign ELSE 0 END) AS valid,
                   sum(CASE WHEN c.status = 'pending' THEN c.sign ELSE 0 END) AS pending,
                   sum(CASE WHEN c.status = 'returned' THEN c.sign ELSE 0 END) AS returned,
                   sum(CASE WHEN c.status = 'rejected' THEN c.sign ELSE 0 END) AS rejected,
                   sum(CASE WHEN c.status = 'approved'
                            THEN c.sign * coalesce(c.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
              FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
             GROUP BY c.unit, ph.id
        ),
        rolled AS (
            SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
                   sum(d.returned) AS returned, sum(d.rejected) AS rejected,
                   sum(d.benefit_vnd) AS benefit_vnd
              FROM (SELECT * FROM deltas
                     WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                        OR benefit_vnd <> 0) d
              JOIN unit u ON u.id = d.unit
             CROSS JOIN LATERAL
                   unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
             GROUP BY a.unit, d.phase
        ),
        locked AS MATERIALIZED (
            SELECT f.unit, f.phase FROM unit_figure f
              JOIN rolled r ON r.unit = f.unit AND r.phase = f.phase
             WHERE r.valid <> 0 OR r.pending <> 0 OR r.returned <> 0 OR r.rejected <> 0
                OR r.benefit_vnd <> 0
             ORDER BY f.unit, f.phase
               FOR UPDATE OF f
        )
        UPDATE unit_figure AS f SET
            valid = f.valid + r.valid,
            pending = f.pending + r.pending,
            returned = f.returned + r.returned,
            rejected = f.rejected + r.rejected,
            benefit_vnd = f.benefit_vnd + r.benefit_vnd
          FROM rolled r JOIN locked l ON l.unit = r.unit AND l.phase = r.phase
         WHERE f.unit = r.unit AND f.phase = r.phase;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION public.initiative_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
DECLARE
    who integer := sangkien_user();
BEGIN
    INSERT INTO initiative_edit (initiative, field, old_value, new_value, actor, actor_name)
    SELECT NEW.id, was.key, was.value, now_is.value, who,
           coalesce((SELECT username FROM piccolo_user WHERE id = who), '')
      FROM jsonb_each_text(to_jsonb(OLD)) AS was
      JOIN jsonb_each_text(to_jsonb(NEW)) AS now_is ON now_is.key = was.key
     WHERE was.value IS DISTINCT FROM now_is.value
       AND was.key IN ('code', 'title', 'summary', 'field', 'solution_type', 'unit',
                       'reviewing_unit', 'submitted_on', 'first_applied_on', 'benefit_vnd',
                       'recognition_form', 'decision_number', 'decision_date',
                       'issuing_body', 'recognition_scope', 'confidential', 'decision_note')
     ORDER BY was.key;
    RETURN NULL;
END $$;

CREATE FUNCTION public.initiative_lock() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    decided boolean := TG_OP <> 'INSERT' AND OLD.status IN ('approved', 'rejected');
    kept initiative;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft'
           OR NEW.decided_at IS NOT NULL OR NEW.decided_by IS NOT NULL
           OR coalesce(NEW.decision_note, '') <> '' THEN
            RAISE EXCEPTION 'initiative_created_undecided'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_created_undecided';
        END IF;
        IF NEW.submitted_on IS NOT NULL THEN
            RAISE EXCEPTION 'initiative_submitted_by_sending'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_submitted_by_sending';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF decided THEN
            RAISE EXCEPTION 'initiative_decided_locked'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decided_locked';
        ELSIF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'initiative_sent_not_deleted'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_sent_not_deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF sangkien_workflow() THEN
        IF decided THEN
            -- The row as it was, but for what the workflow may change.
            kept := NEW;
            kept.status := OLD.status;
            kept.decided_at := OLD.decided_at;
            kept.decided_by := OLD.decided_by;
            kept.decision_note := OLD.decision_note;
            IF kept IS DISTINCT FROM OLD THEN
                RAISE EXCEPTION 'initiative_decided_locked'
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decided_locked';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    IF decided THEN
        RAISE EXCEPTION 'initiative_decided_locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decided_locked';
    END IF;
    IF (NEW.status, NEW.decided_at, NEW.decided_by, NEW.decision_note)
       IS DISTINCT FROM (OLD.status, OLD.decided_at, OLD.decided_by, OLD.decision_note) THEN
        RAISE EXCEPTION 'initiative_status_by_workflow'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_status_by_workflow';
    END IF;
    IF NEW.submitted_on IS DISTINCT FROM OLD.submitted_on THEN
        RAISE EXCEPTION 'initiative_submitted_by_sending'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_submitted_by_sending';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.initiative_new_code(unit_id integer, year integer) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
DECLARE
    unit_code text := (SELECT code FROM unit WHERE id = unit_id);
    serial text;
    candidate text;
BEGIN
    LOOP
        serial := nextval('initiative_code_serial')::text;
        serial := lpad(serial, greatest(6, length(serial)), '0');  -- lpad would cut a 7th digit
        -- The column holds 40 characters: a long unit code gives way to the serial.
        candidate := format('SK-%s-%s-%s',
            left(coalesce(unit_code, '?'), 40 - length(format('SK--%s-%s', year, serial))),
            year, serial);
        EXIT WHEN NOT EXISTS (SELECT 1 FROM initiative WHERE lower(code) = lower(candidate));
    END LOOP;
    RETURN candidate;
END $$;

CREATE FUNCTION public.initiative_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
END $$;

CREATE FUNCTION public.initiative_sent_to_parent() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    parent integer;
    moved boolean := TG_OP = 'INSERT' OR NEW.unit IS DISTINCT FROM OLD.unit;
    -- the reviewing unit the writer left to the system
    unnamed boolean := NEW.reviewing_unit IS NULL
        OR (TG_OP = 'UPDATE' AND NEW.reviewing_unit IS NOT DISTINCT FROM OLD.reviewing_unit);
BEGIN
    IF NOT moved AND unnamed THEN
        RETURN NEW;  -- neither changes
    END IF;
    IF NOT unnamed AND NOT sangkien_bound() THEN
        RETURN NEW;  -- maintenance names its own
    END IF;
    IF TG_OP = 'UPDATE' AND moved AND OLD.status = 'pending' AND sangkien_bound() THEN
        -- Its new unit would send it to another union while one is deciding it
        -- (and undo a transfer) with no audit row: withdraw it, or wait.
        RAISE EXCEPTION 'initiative_pending_unit_fixed'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_pending_unit_fixed';
    END IF;
    parent := unit_parent(NEW.unit);
    IF moved AND unnamed THEN
        IF parent IS NULL THEN
            RAISE EXCEPTION 'initiative_no_upper_union'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_no_upper_union';
        END IF;
        NEW.reviewing_unit := parent;
    ELSIF NEW.reviewing_unit IS DISTINCT FROM parent AND NOT sangkien_workflow() THEN
        RAISE EXCEPTION 'initiative_sent_to_parent'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_sent_to_parent';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.initiative_sound_values() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.code := sangkien_trim(coalesce(NEW.code, ''));
    IF NEW.code = '' THEN
        NEW.code := initiative_new_code(
            NEW.unit, extract(year FROM coalesce(NEW.submitted_on, sangkien_today()))::integer);
    END IF;
    IF NEW.submitted_on > sangkien_today()
       AND (TG_OP = 'INSERT' OR NEW.submitted_on IS DISTINCT FROM OLD.submitted_on) THEN
        RAISE EXCEPTION 'initiative_submitted_in_future'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_submitted_in_future';
    END IF;
    -- A draft has no submission date to check them against (the table's CHECKs):
    -- not after today either, or sending it today would fail.
    IF NEW.first_applied_on > sangkien_today()
       AND (TG_OP = 'INSERT' OR NEW.first_applied_on IS DISTINCT FROM OLD.first_applied_on) THEN
        RAISE EXCEPTION 'initiative_applied_in_future'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_applied_in_future';
    END IF;
    IF NEW.decision_date > sangkien_today()
       AND (TG_OP = 'INSERT' OR NEW.decision_date IS DISTINCT FROM OLD.decision_date) THEN
        RAISE EXCEPTION 'initiative_decision_in_future'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decision_in_future';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION public.initiative_transfer(ids integer[], to_unit integer) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    UPDATE initiative SET reviewing_unit = to_unit
     WHERE id = ANY(ids) AND status = 'pending'
$$;

CREATE FUNCTION public.phase_figures() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sangkien.unit_tree'));
    PERFORM unit_figure_rebuild();
    RETURN NULL;
END $$;

CREATE FUNCTION public.phase_no_overlap() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
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
END $$;

CREATE FUNCTION public.sangkien_bound() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    -- The setting first: it is what a request sets, and cheaper to read. A
    -- unit account's role binds even without it (belt and braces: with no scope
    -- set it sees no row to write anyway).
    SELECT coalesce(current_setting('sangkien.user', true), '') <> ''
        OR row_security_active('initiative')
$$;

CREATE FUNCTION public.sangkien_masked() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT coalesce(current_setting('sangkien.masked_reads', true), '') = 'on'
$$;

CREATE FUNCTION public.sangkien_scope() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT nullif(current_setting('sangkien.scope', true), '')
$$;

CREATE FUNCTION public.sangkien_scope_end() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT left(sangkien_scope(), -1) || '0'
$$;

CREATE FUNCTION public.sangkien_today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
$$;

CREATE FUNCTION public.sangkien_trim(code text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT regexp_replace(code,
        '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+'
        '|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$',
        '', 'g')
$_$;

CREATE FUNCTION public.sangkien_untrimmed(code text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT code IS NULL OR NOT (ascii(code) BETWEEN 33 AND 126
                                AND ascii(right(code, 1)) BETWEEN 33 AND 126)
$$;

CREATE FUNCTION public.sangkien_user() RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT nullif(current_setting('sangkien.user', true), '')::integer
$$;

CREATE FUNCTION public.sangkien_workflow() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT coalesce(current_setting('sangkien.workflow', true), '') = 'on'
$$;

CREATE FUNCTION public.search_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));

CREATE FUNCTION public.search_contains_pattern(typed text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (('%'::text || replace(replace(replace(public.search_text(typed), '\'::text, '\\'::text), '%'::text, '\%'::text), '_'::text, '\_'::text)) || '%'::text);

CREATE FUNCTION public.target_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
END $$;

CREATE FUNCTION public.unit_after_move() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    IF NEW.parent IS DISTINCT FROM OLD.parent AND OLD.path <> '' THEN
        UPDATE unit
           SET path = NEW.path || substr(path, length(OLD.path) + 1),
               depth = depth + NEW.depth - OLD.depth
         WHERE path LIKE OLD.path || '_%';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION public.unit_before_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
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
END $$;

CREATE FUNCTION public.unit_before_write() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
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
        -- Initiative writers take the same lock shared (db/figures/roll_up.sql).
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
END $$;

CREATE FUNCTION public.unit_family(phase_code text, unit_code text) RETURNS TABLE(id integer, code character varying, name character varying, kind character varying, target integer, valid integer, pending integer, returned integer, rejected integer, benefit_vnd numeric, own boolean, phase_id integer, phase_name character varying, start_date date, end_date date)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
DECLARE
    chosen phase%ROWTYPE;
    own_id integer;
BEGIN
    SELECT * INTO chosen FROM phase p WHERE p.code = phase_code;
    SELECT u.id INTO own_id FROM unit u WHERE u.code = unit_code;
    IF chosen.id IS NULL OR own_id IS NULL THEN
        RETURN;
    END IF;
    -- The children through the index on (parent, path), which also holds the
    -- policy's path range. Each figure row by its unit, phase and path (a figure
    -- row carries its unit's path, db/figures/describe.sql): with the unit and
    -- phase alone, the planner, guessing the policy's path range at one row,
    -- scanned the caller's whole scope for each child (a district's 126 rows:
    -- 2 ms instead of 0.3).
    RETURN QUERY
    SELECT u.id, u.code, u.name, u.kind, f.target, f.valid, f.pending, f.returned,
           f.rejected, f.benefit_vnd, u.id = own_id, chosen.id, chosen.name,
           chosen.start_date, chosen.end_date
      FROM unit u
      LEFT JOIN unit_figure f ON f.unit = u.id AND f.phase = chosen.id AND f.path = u.path
     WHERE u.id = own_id OR u.parent = own_id;
END $$;

CREATE FUNCTION public.unit_figure_describe() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    SELECT u.code, u.kind, u.path, u.depth INTO NEW.code, NEW.kind, NEW.path, NEW.depth
      FROM unit u WHERE u.id = NEW.unit;
    NEW.target := (SELECT sum(quota) FROM target WHERE unit = NEW.unit AND phase = NEW.phase);
    RETURN NEW;
END $$;

CREATE FUNCTION public.unit_figure_drift() RETURNS TABLE(unit integer, phase integer, kept numeric[], counted numeric[], stale text[])
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(k.unit, c.unit), coalesce(k.phase, c.phase),
           ARRAY[k.valid, k.pending, k.returned, k.rejected, k.benefit_vnd]::numeric[],
           ARRAY[c.valid, c.pending, c.returned, c.rejected, c.benefit_vnd]::numeric[],
           '{}'::text[]
      FROM (SELECT * FROM unit_figure
             WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                OR benefit_vnd <> 0) k
      FULL JOIN unit_figure_recount c ON c.unit = k.unit AND c.phase = k.phase
     WHERE (k.valid, k.pending, k.returned, k.rejected, k.benefit_vnd)
           IS DISTINCT FROM (c.valid, c.pending, c.returned, c.rejected, c.benefit_vnd)
    UNION ALL
    SELECT f.unit, f.phase, NULL, NULL,
           array_remove(ARRAY[
               CASE WHEN f.code IS DISTINCT FROM u.code THEN 'code' END,
               CASE WHEN f.kind IS DISTINCT FROM u.kind THEN 'kind' END,
               CASE WHEN f.path IS DISTINCT FROM u.path THEN 'path' END,
               CASE WHEN f.depth IS DISTINCT FROM u.depth THEN 'depth' END,
               CASE WHEN f.target IS DISTINCT FROM t.quota THEN 'target' END
           ], NULL)
      FROM unit_figure f
      JOIN unit u ON u.id = f.unit
      LEFT JOIN (SELECT target.unit, target.phase, sum(quota) AS quota FROM target
                  WHERE target.phase IS NOT NULL GROUP BY target.unit, target.phase) t
             ON t.unit = f.unit AND t.phase = f.phase
     WHERE (f.code, f.kind, f.path, f.depth, f.target)
           IS DISTINCT FROM (u.code, u.kind, u.path, u.depth, t.quota)
$$;

CREATE FUNCTION public.unit_figure_follow_target() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    UPDATE unit_figure f
       SET target = (SELECT sum(quota) FROM target t
                      WHERE t.unit = f.unit AND t.phase = f.phase)
     WHERE (TG_OP <> 'DELETE' AND f.unit = NEW.unit AND f.phase = NEW.phase)
        OR (TG_OP <> 'INSERT' AND f.unit = OLD.unit AND f.phase = OLD.phase);
    RETURN NULL;
END $$;

CREATE FUNCTION public.unit_figure_follow_unit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO unit_figure (unit, phase) SELECT NEW.id, p.id FROM phase p ORDER BY p.id
        ON CONFLICT DO NOTHING;
    ELSE
        UPDATE unit_figure
           SET code = NEW.code, kind = NEW.kind, path = NEW.path, depth = NEW.depth
         WHERE unit = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION public.unit_figure_rebuild() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    DELETE FROM unit_figure;
    INSERT INTO unit_figure (unit, phase, valid, pending, returned, rejected, benefit_vnd)
    SELECT u.id, ph.id, coalesce(c.valid, 0), coalesce(c.pending, 0),
           coalesce(c.returned, 0), coalesce(c.rejected, 0), coalesce(c.benefit_vnd, 0)
      FROM unit u CROSS JOIN phase ph
      LEFT JOIN unit_figure_recount c ON c.unit = u.id AND c.phase = ph.id
     ORDER BY u.id, ph.id;
$$;

CREATE FUNCTION public.unit_figures_move() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
BEGIN
    WITH moved AS (
        SELECT phase, valid, pending, returned, rejected, benefit_vnd
          FROM unit_figure WHERE unit = NEW.id
    ),
    ancestors AS (
        SELECT a.unit, -1 AS sign
          FROM unnest(string_to_array(trim(both '/' from OLD.path), '/')::integer[]) AS a(unit)
        UNION ALL
        SELECT a.unit, 1
          FROM unnest(string_to_array(trim(both '/' from NEW.path), '/')::integer[]) AS a(unit)
    ),
    rolled AS (
        SELECT t.unit, m.phase, sum(t.sign * m.valid) AS valid,
               sum(t.sign * m.pending) AS pending, sum(t.sign * m.returned) AS returned,
               sum(t.sign * m.rejected) AS rejected,
               sum(t.sign * m.benefit_vnd) AS benefit_vnd
          FROM moved m CROSS JOIN ancestors t
         WHERE t.unit <> NEW.id  -- the unit's own row moves with it
         GROUP BY t.unit, m.phase
    ),
    locked AS MATERIALIZED (
        SELECT f.unit, f.phase FROM unit_figure f
          JOIN rolled r ON r.unit = f.unit AND r.phase = f.phase
         WHERE r.valid <> 0 OR r.pending <> 0 OR r.returned <> 0 OR r.rejected <> 0
            OR r.benefit_vnd <> 0
         ORDER BY f.unit, f.phase
           FOR UPDATE OF f
    )
    UPDATE unit_figure AS f SET
        valid = f.valid + r.valid,
        pending = f.pending + r.pending,
        returned = f.returned + r.returned,
        rejected = f.rejected + r.rejected,
        benefit_vnd = f.benefit_vnd + r.benefit_vnd
      FROM rolled r JOIN locked l ON l.unit = r.unit AND l.phase = r.phase
     WHERE f.unit = r.unit AND f.phase = r.phase;
    RETURN NULL;
END $$;

CREATE FUNCTION public.unit_id_for_code(unit_code text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    SELECT id FROM unit WHERE lower(code) = lower(unit_code)
$$;

CREATE FUNCTION public.unit_name(unit_id integer) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    SELECT name FROM unit WHERE id = unit_id
$$;

CREATE FUNCTION public.unit_parent(unit_id integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO '$user', 'public'
    AS $$
    SELECT parent FROM unit WHERE id = unit_id
$$;

CREATE FUNCTION public.unit_scope_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF row_security_active('unit')
       AND (TG_OP = 'INSERT' OR NEW.parent IS DISTINCT FROM OLD.parent)
       AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.parent) THEN
        RAISE EXCEPTION 'unit_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE public.account_profile (
    id integer NOT NULL,
    "user" integer NOT NULL,
    unit integer,
    role character varying(16) DEFAULT 'viewer'::character varying NOT NULL,
    CONSTRAINT account_profile_role_check CHECK (((role)::text = ANY ((ARRAY['viewer'::character varying, 'staff'::character varying, 'manager'::character varying, 'admin'::character varying])::text[]))),
    CONSTRAINT account_profile_unit CHECK ((((role)::text = 'admin'::text) OR (unit IS NOT NULL)))
);

CREATE SEQUENCE public.account_profile_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.account_profile_id_seq OWNED BY public.account_profile.id;

CREATE TABLE public.api_token (
    id integer NOT NULL,
    "user" integer NOT NULL,
    name character varying(100) DEFAULT ''::character varying NOT NULL,
    prefix character varying(16) DEFAULT ''::character varying NOT NULL,
    token_hash character varying(64) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    last_used_at timestamp with time zone
);

CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;

CREATE TABLE public.approval_batch (
    id integer NOT NULL,
    key character varying(64) DEFAULT ''::character varying NOT NULL,
    idempotency_key character varying(200) DEFAULT NULL::character varying,
    actor integer NOT NULL,
    action character varying(16) DEFAULT ''::character varying NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    to_unit integer,
    dry_run boolean DEFAULT false NOT NULL,
    requested integer DEFAULT 0 NOT NULL,
    applied integer DEFAULT 0 NOT NULL,
    skipped json DEFAULT '[]'::json NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    fingerprint character varying(64) DEFAULT NULL::character varying,
    CONSTRAINT approval_batch_action_check CHECK (((action)::text = ANY ((ARRAY['submit'::character varying, 'resubmit'::character varying, 'withdraw'::character varying, 'approve'::character varying, 'reject'::character varying, 'return'::character varying, 'transfer'::character varying, 'reopen'::character varying, 'revoke'::character varying])::text[])))
);

CREATE SEQUENCE public.approval_batch_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.approval_batch_id_seq OWNED BY public.approval_batch.id;

CREATE TABLE public.author (
    id integer NOT NULL,
    name character varying(255) DEFAULT ''::character varying NOT NULL,
    unit integer,
    birth_year integer,
    "position" character varying(255) DEFAULT ''::character varying NOT NULL,
    workplace character varying(255) DEFAULT ''::character varying NOT NULL,
    CONSTRAINT author_birth_year_range CHECK (((birth_year IS NULL) OR ((birth_year >= 1900) AND (birth_year <= 2100)))),
    CONSTRAINT author_name_not_blank CHECK (((name)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text))
);

CREATE SEQUENCE public.author_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.author_id_seq OWNED BY public.author.id;

CREATE TABLE public.authorship (
    id integer NOT NULL,
    initiative integer NOT NULL,
    author integer NOT NULL,
    share numeric(5,2) DEFAULT 100 NOT NULL,
    CONSTRAINT authorship_share_range CHECK (((share > (0)::numeric) AND (share <= (100)::numeric)))
);

CREATE SEQUENCE public.authorship_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.authorship_id_seq OWNED BY public.authorship.id;

CREATE TABLE public.cluster (
    id integer NOT NULL,
    code character varying(32) DEFAULT ''::character varying NOT NULL,
    name character varying(255) DEFAULT ''::character varying NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    CONSTRAINT cluster_code_not_blank CHECK (((code)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text)),
    CONSTRAINT cluster_code_trimmed CHECK (((code)::text !~ '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$'::text)),
    CONSTRAINT cluster_name_not_blank CHECK (((name)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text))
);

CREATE SEQUENCE public.cluster_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.cluster_id_seq OWNED BY public.cluster.id;

CREATE TABLE public.cluster_member (
    id integer NOT NULL,
    cluster integer NOT NULL,
    unit integer NOT NULL
);

CREATE SEQUENCE public.cluster_member_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.cluster_member_id_seq OWNED BY public.cluster_member.id;

CREATE TABLE public.commendation (
    id integer NOT NULL,
    recipient_kind character varying(16) DEFAULT 'collective'::character varying NOT NULL,
    unit integer,
    author integer,
    phase integer NOT NULL,
    form character varying(32) DEFAULT 'certificate'::character varying NOT NULL,
    decision_number character varying(100) DEFAULT ''::character varying NOT NULL,
    decision_date date,
    reason text DEFAULT ''::text NOT NULL,
    CONSTRAINT commendation_form_check CHECK (((form)::text = ANY ((ARRAY['vgcl_merit'::character varying, 'provincial_merit'::character varying, 'certificate'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT commendation_recipient CHECK (((((recipient_kind)::text <> 'collective'::text) OR ((unit IS NOT NULL) AND (author IS NULL))) AND (((recipient_kind)::text <> 'individual'::text) OR ((author IS NOT NULL) AND (unit IS NULL))))),
    CONSTRAINT commendation_recipient_kind_check CHECK (((recipient_kind)::text = ANY ((ARRAY['collective'::character varying, 'individual'::character varying])::text[])))
);

CREATE SEQUENCE public.commendation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.commendation_id_seq OWNED BY public.commendation.id;

CREATE TABLE public.db_file (
    path text NOT NULL,
    sha256 text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.initiative (
    id integer NOT NULL,
    code character varying(40) DEFAULT ''::character varying NOT NULL,
    title character varying(500) DEFAULT ''::character varying NOT NULL,
    summary text DEFAULT ''::text NOT NULL,
    field character varying(32) DEFAULT 'other'::character varying NOT NULL,
    solution_type character varying(32) DEFAULT 'technical'::character varying NOT NULL,
    unit integer NOT NULL,
    reviewing_unit integer NOT NULL,
    submitted_on date,
    first_applied_on date,
    benefit_vnd bigint,
    recognition_form character varying(32) DEFAULT 'other'::character varying NOT NULL,
    decision_number character varying(100) DEFAULT ''::character varying NOT NULL,
    decision_date date,
    issuing_body character varying(255) DEFAULT ''::character varying NOT NULL,
    recognition_scope character varying(32) DEFAULT 'organisation'::character varying NOT NULL,
    confidential boolean DEFAULT false NOT NULL,
    status character varying(16) DEFAULT 'draft'::character varying NOT NULL,
    decided_at timestamp with time zone,
    decided_by integer,
    decision_note text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT initiative_applied_before_submitted CHECK ((first_applied_on <= submitted_on)),
    CONSTRAINT initiative_benefit_at_most CHECK ((benefit_vnd <= '999999999999999'::bigint)),
    CONSTRAINT initiative_benefit_non_negative CHECK (((benefit_vnd IS NULL) OR (benefit_vnd >= 0))),
    CONSTRAINT initiative_code_not_blank CHECK (((code)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text)),
    CONSTRAINT initiative_code_trimmed CHECK (((code)::text !~ '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$'::text)),
    CONSTRAINT initiative_decision_before_submitted CHECK ((decision_date <= submitted_on)),
    CONSTRAINT initiative_field_check CHECK (((field)::text = ANY ((ARRAY['industry'::character varying, 'construction'::character varying, 'agriculture'::character varying, 'energy'::character varying, 'it'::character varying, 'health'::character varying, 'education'::character varying, 'administration'::character varying, 'finance'::character varying, 'services'::character varying, 'union_work'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT initiative_recognition_form_check CHECK (((recognition_form)::text = ANY ((ARRAY['recognition_decision'::character varying, 'commendation_decision'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT initiative_recognition_scope_check CHECK (((recognition_scope)::text = ANY ((ARRAY['organisation'::character varying, 'sector_province'::character varying, 'national'::character varying])::text[]))),
    CONSTRAINT initiative_solution_type_check CHECK (((solution_type)::text = ANY ((ARRAY['technical'::character varying, 'management'::character varying, 'operational'::character varying, 'technology'::character varying, 'research'::character varying])::text[]))),
    CONSTRAINT initiative_status_check CHECK (((status)::text = ANY ((ARRAY['draft'::character varying, 'pending'::character varying, 'returned'::character varying, 'approved'::character varying, 'rejected'::character varying, 'withdrawn'::character varying])::text[]))),
    CONSTRAINT initiative_submitted_since_2000 CHECK ((submitted_on >= '2000-01-01'::date)),
    CONSTRAINT initiative_submitted_unless_draft CHECK ((((status)::text = ANY ((ARRAY['draft'::character varying, 'withdrawn'::character varying])::text[])) OR (submitted_on IS NOT NULL))),
    CONSTRAINT initiative_title_not_blank CHECK (((title)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text))
);

CREATE SEQUENCE public.initiative_code_serial
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.initiative_edit (
    id integer NOT NULL,
    initiative integer NOT NULL,
    field character varying(32) DEFAULT ''::character varying NOT NULL,
    author integer,
    author_name character varying(255) DEFAULT ''::character varying NOT NULL,
    old_value text,
    new_value text,
    actor integer,
    actor_name character varying(100) DEFAULT ''::character varying NOT NULL,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT initiative_edit_field_check CHECK (((field)::text = ANY ((ARRAY['code'::character varying, 'title'::character varying, 'summary'::character varying, 'field'::character varying, 'solution_type'::character varying, 'unit'::character varying, 'reviewing_unit'::character varying, 'submitted_on'::character varying, 'first_applied_on'::character varying, 'benefit_vnd'::character varying, 'recognition_form'::character varying, 'decision_number'::character varying, 'decision_date'::character varying, 'issuing_body'::character varying, 'recognition_scope'::character varying, 'confidential'::character varying, 'decision_note'::character varying, 'share'::character varying])::text[])))
);

CREATE SEQUENCE public.initiative_edit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.initiative_edit_id_seq OWNED BY public.initiative_edit.id;

CREATE SEQUENCE public.initiative_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.initiative_id_seq OWNED BY public.initiative.id;

CREATE TABLE public.login_failure (
    id integer NOT NULL,
    username character varying(100) DEFAULT ''::character varying NOT NULL,
    address character varying(64) DEFAULT ''::character varying NOT NULL,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE SEQUENCE public.login_failure_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.login_failure_id_seq OWNED BY public.login_failure.id;

CREATE TABLE public.login_known_address (
    id integer NOT NULL,
    username character varying(100) DEFAULT ''::character varying NOT NULL,
    address character varying(64) DEFAULT ''::character varying NOT NULL,
    last_success timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE SEQUENCE public.login_known_address_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.login_known_address_id_seq OWNED BY public.login_known_address.id;

CREATE TABLE public.migration (
    id integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    app_name character varying(200) DEFAULT ''::character varying NOT NULL,
    ran_on timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE SEQUENCE public.migration_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.migration_id_seq OWNED BY public.migration.id;

CREATE TABLE public.phase (
    id integer NOT NULL,
    programme integer NOT NULL,
    code character varying(32) DEFAULT ''::character varying NOT NULL,
    name character varying(255) DEFAULT ''::character varying NOT NULL,
    start_date date DEFAULT CURRENT_DATE NOT NULL,
    end_date date DEFAULT CURRENT_DATE NOT NULL,
    CONSTRAINT phase_code_not_blank CHECK (((code)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text)),
    CONSTRAINT phase_code_trimmed CHECK (((code)::text !~ '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$'::text)),
    CONSTRAINT phase_dates_order CHECK ((start_date <= end_date)),
    CONSTRAINT phase_name_not_blank CHECK (((name)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text))
);

CREATE SEQUENCE public.phase_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.phase_id_seq OWNED BY public.phase.id;

CREATE TABLE public.piccolo_user (
    id integer NOT NULL,
    username character varying(100) DEFAULT ''::character varying NOT NULL,
    password character varying(255) DEFAULT ''::character varying NOT NULL,
    email character varying(255) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT false NOT NULL,
    admin boolean DEFAULT false NOT NULL,
    first_name character varying(255) DEFAULT ''::character varying,
    last_name character varying(255) DEFAULT ''::character varying,
    superuser boolean DEFAULT false NOT NULL,
    last_login timestamp without time zone
);

CREATE SEQUENCE public.piccolo_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.piccolo_user_id_seq OWNED BY public.piccolo_user.id;

CREATE TABLE public.programme (
    id integer NOT NULL,
    code character varying(32) DEFAULT ''::character varying NOT NULL,
    name character varying(255) DEFAULT ''::character varying NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    CONSTRAINT programme_code_not_blank CHECK (((code)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text)),
    CONSTRAINT programme_code_trimmed CHECK (((code)::text !~ '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$'::text)),
    CONSTRAINT programme_name_not_blank CHECK (((name)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text))
);

CREATE SEQUENCE public.programme_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.programme_id_seq OWNED BY public.programme.id;

CREATE TABLE public.sessions (
    id integer NOT NULL,
    token character varying(100) DEFAULT ''::character varying NOT NULL,
    user_id integer DEFAULT 0 NOT NULL,
    expiry_date timestamp without time zone DEFAULT (CURRENT_TIMESTAMP + '01:00:00'::interval) NOT NULL,
    max_expiry_date timestamp without time zone DEFAULT (CURRENT_TIMESTAMP + '7 days'::interval) NOT NULL
);

CREATE SEQUENCE public.sessions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.sessions_id_seq OWNED BY public.sessions.id;

CREATE TABLE public.status_change (
    id integer NOT NULL,
    initiative integer NOT NULL,
    from_status character varying(16) DEFAULT NULL::character varying,
    to_status character varying(16) DEFAULT ''::character varying NOT NULL,
    actor integer,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    batch character varying(64) DEFAULT NULL::character varying,
    CONSTRAINT status_change_from_check CHECK (((from_status IS NULL) OR ((from_status)::text = ANY ((ARRAY['draft'::character varying, 'pending'::character varying, 'returned'::character varying, 'approved'::character varying, 'rejected'::character varying, 'withdrawn'::character varying])::text[])))),
    CONSTRAINT status_change_to_check CHECK (((to_status)::text = ANY ((ARRAY['draft'::character varying, 'pending'::character varying, 'returned'::character varying, 'approved'::character varying, 'rejected'::character varying, 'withdrawn'::character varying])::text[])))
);

CREATE SEQUENCE public.status_change_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.status_change_id_seq OWNED BY public.status_change.id;

CREATE TABLE public.target (
    id integer NOT NULL,
    unit integer NOT NULL,
    phase integer,
    programme integer,
    quota integer DEFAULT 0 NOT NULL,
    CONSTRAINT target_phase_or_programme CHECK (((phase IS NULL) <> (programme IS NULL))),
    CONSTRAINT target_quota_non_negative CHECK ((quota >= 0))
);

CREATE SEQUENCE public.target_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.target_id_seq OWNED BY public.target.id;

CREATE TABLE public.unit (
    id integer NOT NULL,
    code character varying(32) DEFAULT ''::character varying NOT NULL,
    name character varying(255) DEFAULT ''::character varying NOT NULL,
    kind character varying(32) DEFAULT ''::character varying NOT NULL,
    parent integer,
    active boolean DEFAULT true NOT NULL,
    path character varying(255) DEFAULT ''::character varying NOT NULL COLLATE pg_catalog."C",
    depth integer DEFAULT 0 NOT NULL,
    CONSTRAINT unit_code_not_blank CHECK (((code)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text)),
    CONSTRAINT unit_code_trimmed CHECK (((code)::text !~ '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$'::text)),
    CONSTRAINT unit_kind_check CHECK (((kind)::text = ANY ((ARRAY['confederation'::character varying, 'provincial_federation'::character varying, 'central_sector_union'::character varying, 'district_federation'::character varying, 'sector_union'::character varying, 'industrial_zone_union'::character varying, 'civil_servants_union'::character varying, 'grassroots_union'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT unit_name_not_blank CHECK (((name)::text ~ '[^\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]'::text)),
    CONSTRAINT unit_not_own_parent CHECK (((parent IS NULL) OR (parent <> id)))
);

CREATE TABLE public.unit_figure (
    id integer NOT NULL,
    unit integer NOT NULL,
    phase integer NOT NULL,
    valid integer DEFAULT 0 NOT NULL,
    pending integer DEFAULT 0 NOT NULL,
    returned integer DEFAULT 0 NOT NULL,
    rejected integer DEFAULT 0 NOT NULL,
    benefit_vnd numeric(22,0) DEFAULT 0 NOT NULL,
    code character varying(32) DEFAULT ''::character varying NOT NULL,
    kind character varying(32) DEFAULT ''::character varying NOT NULL,
    path character varying(255) DEFAULT ''::character varying NOT NULL COLLATE pg_catalog."C",
    depth integer DEFAULT 0 NOT NULL,
    target integer,
    pct numeric GENERATED ALWAYS AS (
CASE
    WHEN (target > 0) THEN round((((valid)::numeric * 100.0) / (target)::numeric), 1)
    ELSE NULL::numeric
END) STORED
)
WITH (fillfactor='70');

CREATE SEQUENCE public.unit_figure_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.unit_figure_id_seq OWNED BY public.unit_figure.id;

CREATE VIEW public.unit_figure_recount AS
 SELECT a.unit,
    ph.id AS phase,
    sum(
        CASE
            WHEN ((i.status)::text = 'approved'::text) THEN 1
            ELSE 0
        END) AS valid,
    sum(
        CASE
            WHEN ((i.status)::text = 'pending'::text) THEN 1
            ELSE 0
        END) AS pending,
    sum(
        CASE
            WHEN ((i.status)::text = 'returned'::text) THEN 1
            ELSE 0
        END) AS returned,
    sum(
        CASE
            WHEN ((i.status)::text = 'rejected'::text) THEN 1
            ELSE 0
        END) AS rejected,
    sum(
        CASE
            WHEN ((i.status)::text = 'approved'::text) THEN COALESCE(i.benefit_vnd, (0)::bigint)
            ELSE (0)::bigint
        END) AS benefit_vnd
   FROM (((public.initiative i
     JOIN public.phase ph ON (((i.submitted_on >= ph.start_date) AND (i.submitted_on <= ph.end_date))))
     JOIN public.unit u ON ((u.id = i.unit)))
     CROSS JOIN LATERAL unnest((string_to_array(TRIM(BOTH '/'::text FROM u.path), '/'::text))::integer[]) a(unit))
  WHERE ((i.status)::text = ANY ((ARRAY['approved'::character varying, 'pending'::character varying, 'returned'::character varying, 'rejected'::character varying])::text[]))
  GROUP BY a.unit, ph.id;

CREATE SEQUENCE public.unit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.unit_id_seq OWNED BY public.unit.id;

ALTER TABLE ONLY public.account_profile ALTER COLUMN id SET DEFAULT nextval('public.account_profile_id_seq'::regclass);

ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);

ALTER TABLE ONLY public.approval_batch ALTER COLUMN id SET DEFAULT nextval('public.approval_batch_id_seq'::regclass);

ALTER TABLE ONLY public.author ALTER COLUMN id SET DEFAULT nextval('public.author_id_seq'::regclass);

ALTER TABLE ONLY public.authorship ALTER COLUMN id SET DEFAULT nextval('public.authorship_id_seq'::regclass);

ALTER TABLE ONLY public.cluster ALTER COLUMN id SET DEFAULT nextval('public.cluster_id_seq'::regclass);

ALTER TABLE ONLY public.cluster_member ALTER COLUMN id SET DEFAULT nextval('public.cluster_member_id_seq'::regclass);

ALTER TABLE ONLY public.commendation ALTER COLUMN id SET DEFAULT nextval('public.commendation_id_seq'::regclass);

ALTER TABLE ONLY public.initiative ALTER COLUMN id SET DEFAULT nextval('public.initiative_id_seq'::regclass);

ALTER TABLE ONLY public.initiative_edit ALTER COLUMN id SET DEFAULT nextval('public.initiative_edit_id_seq'::regclass);

ALTER TABLE ONLY public.login_failure ALTER COLUMN id SET DEFAULT nextval('public.login_failure_id_seq'::regclass);

ALTER TABLE ONLY public.login_known_address ALTER COLUMN id SET DEFAULT nextval('public.login_known_address_id_seq'::regclass);

ALTER TABLE ONLY public.migration ALTER COLUMN id SET DEFAULT nextval('public.migration_id_seq'::regclass);

ALTER TABLE ONLY public.phase ALTER COLUMN id SET DEFAULT nextval('public.phase_id_seq'::regclass);

ALTER TABLE ONLY public.piccolo_user ALTER COLUMN id SET DEFAULT nextval('public.piccolo_user_id_seq'::regclass);

ALTER TABLE ONLY public.programme ALTER COLUMN id SET DEFAULT nextval('public.programme_id_seq'::regclass);

ALTER TABLE ONLY public.sessions ALTER COLUMN id SET DEFAULT nextval('public.sessions_id_seq'::regclass);

ALTER TABLE ONLY public.status_change ALTER COLUMN id SET DEFAULT nextval('public.status_change_id_seq'::regclass);

ALTER TABLE ONLY public.target ALTER COLUMN id SET DEFAULT nextval('public.target_id_seq'::regclass);

ALTER TABLE ONLY public.unit ALTER COLUMN id SET DEFAULT nextval('public.unit_id_seq'::regclass);

ALTER TABLE ONLY public.unit_figure ALTER COLUMN id SET DEFAULT nextval('public.unit_figure_id_seq'::regclass);

ALTER TABLE ONLY public.account_profile
    ADD CONSTRAINT account_profile_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.account_profile
    ADD CONSTRAINT account_profile_user_key UNIQUE ("user");

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.approval_batch
    ADD CONSTRAINT approval_batch_key_key UNIQUE (key);

ALTER TABLE ONLY public.approval_batch
    ADD CONSTRAINT approval_batch_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.author
    ADD CONSTRAINT author_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.authorship
    ADD CONSTRAINT authorship_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cluster
    ADD CONSTRAINT cluster_code_key UNIQUE (code);

ALTER TABLE ONLY public.cluster_member
    ADD CONSTRAINT cluster_member_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cluster
    ADD CONSTRAINT cluster_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.commendation
    ADD CONSTRAINT commendation_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.db_file
    ADD CONSTRAINT db_file_pkey PRIMARY KEY (path);

ALTER TABLE ONLY public.initiative
    ADD CONSTRAINT initiative_code_key UNIQUE (code);

ALTER TABLE ONLY public.initiative_edit
    ADD CONSTRAINT initiative_edit_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.initiative
    ADD CONSTRAINT initiative_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.login_failure
    ADD CONSTRAINT login_failure_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.login_known_address
    ADD CONSTRAINT login_known_address_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.login_known_address
    ADD CONSTRAINT login_known_address_unique UNIQUE (username, address);

ALTER TABLE ONLY public.migration
    ADD CONSTRAINT migration_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.phase
    ADD CONSTRAINT phase_code_key UNIQUE (code);

ALTER TABLE ONLY public.phase
    ADD CONSTRAINT phase_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.piccolo_user
    ADD CONSTRAINT piccolo_user_email_key UNIQUE (email);

ALTER TABLE ONLY public.piccolo_user
    ADD CONSTRAINT piccolo_user_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.piccolo_user
    ADD CONSTRAINT piccolo_user_username_key UNIQUE (username);

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_code_key UNIQUE (code);

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.status_change
    ADD CONSTRAINT status_change_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.target
    ADD CONSTRAINT target_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.unit
    ADD CONSTRAINT unit_code_key UNIQUE (code);

ALTER TABLE ONLY public.unit_figure
    ADD CONSTRAINT unit_figure_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.unit
    ADD CONSTRAINT unit_pkey PRIMARY KEY (id);

CREATE INDEX account_profile_role ON public.account_profile USING btree (role);

CREATE INDEX account_profile_unit ON public.account_profile USING btree (unit);

CREATE INDEX account_profile_user ON public.account_profile USING btree ("user");

CREATE INDEX api_token_revoked_at ON public.api_token USING btree (revoked_at);

CREATE INDEX api_token_user ON public.api_token USING btree ("user");

CREATE INDEX approval_batch_actor ON public.approval_batch USING btree (actor);

CREATE INDEX approval_batch_created_at ON public.approval_batch USING btree (created_at);

CREATE UNIQUE INDEX approval_batch_idempotency ON public.approval_batch USING btree (actor, idempotency_key) WHERE (idempotency_key IS NOT NULL);

CREATE INDEX approval_batch_to_unit ON public.approval_batch USING btree (to_unit);

CREATE INDEX author_name ON public.author USING btree (name);

CREATE INDEX author_name_search ON public.author USING gin (public.search_text((name)::text) public.gin_trgm_ops);

CREATE INDEX author_unit ON public.author USING btree (unit);

CREATE INDEX author_workplace ON public.author USING btree (workplace);

CREATE INDEX authorship_author ON public.authorship USING btree (author);

CREATE INDEX authorship_initiative ON public.authorship USING btree (initiative);

CREATE UNIQUE INDEX authorship_unique ON public.authorship USING btree (initiative, author);

CREATE UNIQUE INDEX cluster_code_any_case ON public.cluster USING btree (lower((code)::text));

CREATE INDEX cluster_member_cluster ON public.cluster_member USING btree (cluster);

CREATE UNIQUE INDEX cluster_member_unique ON public.cluster_member USING btree (cluster, unit);

CREATE INDEX cluster_member_unit ON public.cluster_member USING btree (unit);

CREATE INDEX commendation_author ON public.commendation USING btree (author);

CREATE INDEX commendation_kind_form ON public.commendation USING btree (recipient_kind, form);

CREATE INDEX commendation_phase ON public.commendation USING btree (phase);

CREATE INDEX commendation_unit ON public.commendation USING btree (unit);

CREATE UNIQUE INDEX initiative_code_any_case ON public.initiative USING btree (lower((code)::text));

CREATE INDEX initiative_code_search ON public.initiative USING gin (public.search_text((code)::text) public.gin_trgm_ops) WITH (gin_pending_list_limit='16384');

CREATE INDEX initiative_confidential ON public.initiative USING btree (id) WHERE confidential;

CREATE INDEX initiative_edit_actor ON public.initiative_edit USING btree (actor);

CREATE INDEX initiative_edit_author ON public.initiative_edit USING btree (author);

CREATE INDEX initiative_edit_initiative_at ON public.initiative_edit USING btree (initiative, at);

CREATE INDEX initiative_pending ON public.initiative USING btree (submitted_on, id) WHERE ((status)::text = 'pending'::text);

CREATE INDEX initiative_review_queue ON public.initiative USING btree (reviewing_unit, status, submitted_on) INCLUDE (unit, confidential);

CREATE INDEX initiative_title_search ON public.initiative USING gin (public.search_text((title)::text) public.gin_trgm_ops) WITH (gin_pending_list_limit='16384');

CREATE INDEX initiative_unit_status ON public.initiative USING btree (unit, status, submitted_on) INCLUDE (reviewing_unit, confidential, id);

CREATE INDEX initiative_waiting ON public.initiative USING btree (status DESC, id) WHERE ((status)::text = ANY ((ARRAY['draft'::character varying, 'returned'::character varying])::text[]));

CREATE INDEX login_failure_address ON public.login_failure USING btree (address);

CREATE INDEX login_failure_at ON public.login_failure USING btree (at);

CREATE INDEX login_failure_username ON public.login_failure USING btree (username);

CREATE UNIQUE INDEX phase_code_any_case ON public.phase USING btree (lower((code)::text));

CREATE INDEX phase_dates ON public.phase USING btree (start_date, end_date);

CREATE INDEX phase_programme ON public.phase USING btree (programme);

CREATE UNIQUE INDEX programme_code_any_case ON public.programme USING btree (lower((code)::text));

CREATE INDEX status_change_actor ON public.status_change USING btree (actor);

CREATE INDEX status_change_at ON public.status_change USING btree (at);

CREATE INDEX status_change_batch ON public.status_change USING btree (batch);

CREATE INDEX status_change_initiative_at ON public.status_change USING btree (initiative, at);

CREATE INDEX target_phase ON public.target USING btree (phase);

CREATE INDEX target_programme ON public.target USING btree (programme);

CREATE INDEX target_unit ON public.target USING btree (unit);

CREATE UNIQUE INDEX target_unit_phase_unique ON public.target USING btree (unit, phase);

CREATE UNIQUE INDEX target_unit_programme_unique ON public.target USING btree (unit, programme);

CREATE INDEX unit_active ON public.unit USING btree (active);

CREATE UNIQUE INDEX unit_code_any_case ON public.unit USING btree (lower((code)::text));

CREATE INDEX unit_code_search ON public.unit USING gin (public.search_text((code)::text) public.gin_trgm_ops);

CREATE INDEX unit_figure_by_place ON public.unit_figure USING btree (phase, path, depth, kind);

CREATE UNIQUE INDEX unit_figure_unit_phase ON public.unit_figure USING btree (unit, phase);

ALTER TABLE public.unit_figure CLUSTER ON unit_figure_unit_phase;

CREATE INDEX unit_kind ON public.unit USING btree (kind);

CREATE INDEX unit_name_search ON public.unit USING gin (public.search_text((name)::text) public.gin_trgm_ops);

CREATE INDEX unit_parent ON public.unit USING btree (parent, path);

CREATE INDEX unit_path ON public.unit USING btree (path) INCLUDE (id);

CREATE UNIQUE INDEX unit_single_root ON public.unit USING btree (((parent IS NULL))) WHERE (parent IS NULL);

CREATE TRIGGER author_scope_guard BEFORE INSERT OR UPDATE ON public.author FOR EACH ROW EXECUTE FUNCTION public.author_scope_guard();

CREATE TRIGGER author_write_lock BEFORE DELETE OR UPDATE ON public.author FOR EACH ROW WHEN (public.sangkien_bound()) EXECUTE FUNCTION public.author_write_lock();

CREATE TRIGGER authorship_history AFTER DELETE OR UPDATE ON public.authorship FOR EACH ROW EXECUTE FUNCTION public.authorship_history();

CREATE TRIGGER authorship_history_insert AFTER INSERT ON public.authorship FOR EACH ROW WHEN ((COALESCE(current_setting('sangkien.user'::text, true), ''::text) <> ''::text)) EXECUTE FUNCTION public.authorship_history();

CREATE TRIGGER authorship_scope_guard BEFORE INSERT OR UPDATE ON public.authorship FOR EACH ROW EXECUTE FUNCTION public.authorship_scope_guard();

CREATE TRIGGER authorship_share_total AFTER INSERT OR UPDATE ON public.authorship FOR EACH ROW EXECUTE FUNCTION public.authorship_share_total();

CREATE TRIGGER authorship_write_lock BEFORE INSERT OR DELETE OR UPDATE ON public.authorship FOR EACH ROW WHEN (public.sangkien_bound()) EXECUTE FUNCTION public.authorship_write_lock();

CREATE TRIGGER cluster_code_trim BEFORE INSERT OR UPDATE OF code ON public.cluster FOR EACH ROW WHEN (public.sangkien_untrimmed((new.code)::text)) EXECUTE FUNCTION public.code_trim();

CREATE TRIGGER cluster_member_scope_guard BEFORE INSERT OR UPDATE ON public.cluster_member FOR EACH ROW EXECUTE FUNCTION public.cluster_member_scope_guard();

CREATE TRIGGER commendation_scope_guard BEFORE INSERT OR UPDATE ON public.commendation FOR EACH ROW EXECUTE FUNCTION public.commendation_scope_guard();

CREATE TRIGGER initiative_figures_delete AFTER DELETE ON public.initiative REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.initiative_figures();

CREATE TRIGGER initiative_figures_insert AFTER INSERT ON public.initiative REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.initiative_figures();

CREATE TRIGGER initiative_figures_update AFTER UPDATE ON public.initiative REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.initiative_figures();

CREATE TRIGGER initiative_history AFTER UPDATE ON public.initiative FOR EACH ROW WHEN ((((old.status)::text <> 'draft'::text) AND ((old.status)::text = (new.status)::text))) EXECUTE FUNCTION public.initiative_history();

CREATE TRIGGER initiative_lock BEFORE INSERT OR DELETE OR UPDATE ON public.initiative FOR EACH ROW WHEN (public.sangkien_bound()) EXECUTE FUNCTION public.initiative_lock();

CREATE TRIGGER initiative_scope_guard BEFORE INSERT OR UPDATE OF unit, reviewing_unit, confidential ON public.initiative FOR EACH ROW EXECUTE FUNCTION public.initiative_scope_guard();

CREATE TRIGGER initiative_sent_to_parent BEFORE INSERT ON public.initiative FOR EACH ROW WHEN (((new.reviewing_unit IS NULL) OR public.sangkien_bound())) EXECUTE FUNCTION public.initiative_sent_to_parent();

CREATE TRIGGER initiative_sent_to_parent_again BEFORE UPDATE OF unit, reviewing_unit ON public.initiative FOR EACH ROW EXECUTE FUNCTION public.initiative_sent_to_parent();

CREATE TRIGGER initiative_sound_values BEFORE INSERT OR UPDATE OF code, submitted_on, first_applied_on, decision_date ON public.initiative FOR EACH ROW WHEN ((public.sangkien_untrimmed((new.code)::text) OR (new.submitted_on > public.sangkien_today()) OR (new.first_applied_on > public.sangkien_today()) OR (new.decision_date > public.sangkien_today()))) EXECUTE FUNCTION public.initiative_sound_values();

CREATE TRIGGER phase_code_trim BEFORE INSERT OR UPDATE OF code ON public.phase FOR EACH ROW WHEN (public.sangkien_untrimmed((new.code)::text)) EXECUTE FUNCTION public.code_trim();

CREATE TRIGGER phase_figures AFTER INSERT OR DELETE OR UPDATE OF start_date, end_date ON public.phase FOR EACH STATEMENT EXECUTE FUNCTION public.phase_figures();

CREATE TRIGGER phase_no_overlap BEFORE INSERT OR UPDATE ON public.phase FOR EACH ROW EXECUTE FUNCTION public.phase_no_overlap();

CREATE TRIGGER programme_code_trim BEFORE INSERT OR UPDATE OF code ON public.programme FOR EACH ROW WHEN (public.sangkien_untrimmed((new.code)::text)) EXECUTE FUNCTION public.code_trim();

CREATE TRIGGER target_scope_guard BEFORE INSERT OR DELETE OR UPDATE ON public.target FOR EACH ROW EXECUTE FUNCTION public.target_scope_guard();

CREATE TRIGGER unit_after_move AFTER UPDATE OF parent ON public.unit FOR EACH ROW EXECUTE FUNCTION public.unit_after_move();

CREATE TRIGGER unit_before_delete BEFORE DELETE ON public.unit FOR EACH ROW EXECUTE FUNCTION public.unit_before_delete();

CREATE TRIGGER unit_before_write BEFORE INSERT OR UPDATE OF parent ON public.unit FOR EACH ROW EXECUTE FUNCTION public.unit_before_write();

CREATE TRIGGER unit_code_trim BEFORE INSERT OR UPDATE OF code ON public.unit FOR EACH ROW WHEN (public.sangkien_untrimmed((new.code)::text)) EXECUTE FUNCTION public.code_trim();

CREATE TRIGGER unit_figure_describe BEFORE INSERT ON public.unit_figure FOR EACH ROW EXECUTE FUNCTION public.unit_figure_describe();

CREATE TRIGGER unit_figure_follow_target AFTER INSERT OR DELETE OR UPDATE ON public.target FOR EACH ROW EXECUTE FUNCTION public.unit_figure_follow_target();

CREATE TRIGGER unit_figure_follow_unit AFTER INSERT ON public.unit FOR EACH ROW EXECUTE FUNCTION public.unit_figure_follow_unit();

CREATE TRIGGER unit_figure_follow_unit_change AFTER UPDATE OF code, kind, parent, path, depth ON public.unit FOR EACH ROW WHEN ((((((old.code)::text IS DISTINCT FROM (new.code)::text) OR ((old.kind)::text IS DISTINCT FROM (new.kind)::text)) OR ((old.path)::text IS DISTINCT FROM (new.path)::text)) OR (old.depth IS DISTINCT FROM new.depth))) EXECUTE FUNCTION public.unit_figure_follow_unit();

CREATE TRIGGER unit_figures_move AFTER UPDATE OF parent ON public.unit FOR EACH ROW WHEN ((new.parent IS DISTINCT FROM old.parent)) EXECUTE FUNCTION public.unit_figures_move();

CREATE TRIGGER unit_scope_guard BEFORE INSERT OR UPDATE ON public.unit FOR EACH ROW EXECUTE FUNCTION public.unit_scope_guard();

ALTER TABLE ONLY public.account_profile
    ADD CONSTRAINT account_profile_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.account_profile
    ADD CONSTRAINT account_profile_user_fkey FOREIGN KEY ("user") REFERENCES public.piccolo_user(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_user_fkey FOREIGN KEY ("user") REFERENCES public.piccolo_user(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.approval_batch
    ADD CONSTRAINT approval_batch_actor_fkey FOREIGN KEY (actor) REFERENCES public.piccolo_user(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.approval_batch
    ADD CONSTRAINT approval_batch_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.author
    ADD CONSTRAINT author_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.authorship
    ADD CONSTRAINT authorship_author_fkey FOREIGN KEY (author) REFERENCES public.author(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.authorship
    ADD CONSTRAINT authorship_initiative_fkey FOREIGN KEY (initiative) REFERENCES public.initiative(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.cluster_member
    ADD CONSTRAINT cluster_member_cluster_fkey FOREIGN KEY (cluster) REFERENCES public.cluster(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.cluster_member
    ADD CONSTRAINT cluster_member_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.commendation
    ADD CONSTRAINT commendation_author_fkey FOREIGN KEY (author) REFERENCES public.author(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.commendation
    ADD CONSTRAINT commendation_phase_fkey FOREIGN KEY (phase) REFERENCES public.phase(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.commendation
    ADD CONSTRAINT commendation_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.initiative
    ADD CONSTRAINT initiative_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.piccolo_user(id) ON UPDATE CASCADE ON DELETE SET NULL;

ALTER TABLE ONLY public.initiative_edit
    ADD CONSTRAINT initiative_edit_actor_fkey FOREIGN KEY (actor) REFERENCES public.piccolo_user(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.initiative_edit
    ADD CONSTRAINT initiative_edit_author_fkey FOREIGN KEY (author) REFERENCES public.author(id) ON UPDATE CASCADE ON DELETE SET NULL;

ALTER TABLE ONLY public.initiative_edit
    ADD CONSTRAINT initiative_edit_initiative_fkey FOREIGN KEY (initiative) REFERENCES public.initiative(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.initiative
    ADD CONSTRAINT initiative_reviewing_unit_fkey FOREIGN KEY (reviewing_unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.initiative
    ADD CONSTRAINT initiative_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.phase
    ADD CONSTRAINT phase_programme_fkey FOREIGN KEY (programme) REFERENCES public.programme(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.status_change
    ADD CONSTRAINT status_change_actor_fkey FOREIGN KEY (actor) REFERENCES public.piccolo_user(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.status_change
    ADD CONSTRAINT status_change_initiative_fkey FOREIGN KEY (initiative) REFERENCES public.initiative(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.target
    ADD CONSTRAINT target_phase_fkey FOREIGN KEY (phase) REFERENCES public.phase(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.target
    ADD CONSTRAINT target_programme_fkey FOREIGN KEY (programme) REFERENCES public.programme(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.target
    ADD CONSTRAINT target_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.unit_figure
    ADD CONSTRAINT unit_figure_phase_fkey FOREIGN KEY (phase) REFERENCES public.phase(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.unit_figure
    ADD CONSTRAINT unit_figure_unit_fkey FOREIGN KEY (unit) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.unit
    ADD CONSTRAINT unit_parent_fkey FOREIGN KEY (parent) REFERENCES public.unit(id) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE public.approval_batch ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.author ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.authorship ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.cluster_member ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.commendation ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.initiative ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.initiative_edit ENABLE ROW LEVEL SECURITY;

CREATE POLICY own ON public.approval_batch USING ((actor = public.sangkien_user())) WITH CHECK ((actor = public.sangkien_user()));

CREATE POLICY own ON public.piccolo_user USING ((id = public.sangkien_user())) WITH CHECK ((id = public.sangkien_user()));

CREATE POLICY own ON public.sessions USING ((user_id = public.sangkien_user())) WITH CHECK ((user_id = public.sangkien_user()));

ALTER TABLE public.piccolo_user ENABLE ROW LEVEL SECURITY;

CREATE POLICY scope ON public.author USING (((unit IN ( SELECT unit.id
   FROM public.unit)) OR (id IN ( SELECT authorship.author
   FROM public.authorship)))) WITH CHECK (((unit IN ( SELECT unit.id
   FROM public.unit)) OR (id IN ( SELECT authorship.author
   FROM public.authorship))));

CREATE POLICY scope ON public.authorship USING ((EXISTS ( SELECT
   FROM public.initiative i
  WHERE (i.id = authorship.initiative)))) WITH CHECK ((EXISTS ( SELECT
   FROM public.initiative i
  WHERE (i.id = authorship.initiative))));

CREATE POLICY scope ON public.cluster_member USING ((unit IN ( SELECT unit.id
   FROM public.unit))) WITH CHECK ((unit IN ( SELECT unit.id
   FROM public.unit)));

CREATE POLICY scope ON public.commendation USING (((unit IN ( SELECT unit.id
   FROM public.unit)) OR (author IN ( SELECT author.id
   FROM public.author)))) WITH CHECK ((((unit IS NULL) OR (unit IN ( SELECT unit.id
   FROM public.unit))) AND ((author IS NULL) OR (author IN ( SELECT author.id
   FROM public.author)))));

CREATE POLICY scope ON public.initiative_edit FOR SELECT USING ((EXISTS ( SELECT
   FROM public.initiative i
  WHERE ((i.id = initiative_edit.initiative) AND ((NOT i.confidential) OR (i.unit IN ( SELECT unit.id
           FROM public.unit)))))));

CREATE POLICY scope ON public.status_change FOR SELECT USING ((EXISTS ( SELECT
   FROM public.initiative i
  WHERE (i.id = status_change.initiative))));

CREATE POLICY scope ON public.target USING ((unit IN ( SELECT unit.id
   FROM public.unit))) WITH CHECK ((unit IN ( SELECT unit.id
   FROM public.unit)));

CREATE POLICY scope ON public.unit USING ((((path)::text >= public.sangkien_scope()) AND ((path)::text < public.sangkien_scope_end()))) WITH CHECK ((((path)::text >= public.sangkien_scope()) AND ((path)::text < public.sangkien_scope_end())));

CREATE POLICY scope ON public.unit_figure FOR SELECT USING ((((path)::text >= public.sangkien_scope()) AND ((path)::text < public.sangkien_scope_end())));

CREATE POLICY scope_delete ON public.initiative FOR DELETE USING (((unit IN ( SELECT unit.id
   FROM public.unit)) OR ((reviewing_unit IN ( SELECT unit.id
   FROM public.unit)) AND (NOT confidential))));

CREATE POLICY scope_insert ON public.initiative FOR INSERT WITH CHECK (((unit IN ( SELECT unit.id
   FROM public.unit)) OR ((reviewing_unit IN ( SELECT unit.id
   FROM public.unit)) AND (NOT confidential))));

CREATE POLICY scope_insert ON public.status_change FOR INSERT WITH CHECK ((EXISTS ( SELECT
   FROM public.initiative i
  WHERE (i.id = status_change.initiative))));

CREATE POLICY scope_read ON public.initiative FOR SELECT USING (((unit IN ( SELECT unit.id
   FROM public.unit)) OR ((reviewing_unit IN ( SELECT unit.id
   FROM public.unit)) AND ((NOT confidential) OR public.sangkien_masked()))));

CREATE POLICY scope_update ON public.initiative FOR UPDATE USING (((unit IN ( SELECT unit.id
   FROM public.unit)) OR ((reviewing_unit IN ( SELECT unit.id
   FROM public.unit)) AND (NOT confidential)))) WITH CHECK (((unit IN ( SELECT unit.id
   FROM public.unit)) OR ((reviewing_unit IN ( SELECT unit.id
   FROM public.unit)) AND (NOT confidential))));

ALTER TABLE public.sessions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.status_change ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.target ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.unit ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.unit_figure ENABLE ROW LEVEL SECURITY;

GRANT USAGE ON SCHEMA public TO sangkien_viewer;
GRANT USAGE ON SCHEMA public TO sangkien_staff;

REVOKE ALL ON FUNCTION public.author_of_decided(author_id integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.author_of_decided(author_id integer) TO sangkien_staff;

REVOKE ALL ON FUNCTION public.initiative_decided(initiative_id integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.initiative_decided(initiative_id integer) TO sangkien_staff;

REVOKE ALL ON FUNCTION public.initiative_new_code(unit_id integer, year integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.initiative_new_code(unit_id integer, year integer) TO sangkien_staff;

REVOKE ALL ON FUNCTION public.initiative_transfer(ids integer[], to_unit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.initiative_transfer(ids integer[], to_unit integer) TO sangkien_staff;

REVOKE ALL ON FUNCTION public.unit_figure_rebuild() FROM PUBLIC;

REVOKE ALL ON FUNCTION public.unit_id_for_code(unit_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.unit_id_for_code(unit_code text) TO sangkien_staff;

REVOKE ALL ON FUNCTION public.unit_name(unit_id integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.unit_name(unit_id integer) TO sangkien_viewer;
GRANT ALL ON FUNCTION public.unit_name(unit_id integer) TO sangkien_staff;

REVOKE ALL ON FUNCTION public.unit_parent(unit_id integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.unit_parent(unit_id integer) TO sangkien_staff;

GRANT SELECT ON TABLE public.approval_batch TO sangkien_viewer;
GRANT SELECT,INSERT ON TABLE public.approval_batch TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.approval_batch_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.author TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.author TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.author_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.authorship TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.authorship TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.authorship_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.cluster TO sangkien_viewer;
GRANT SELECT ON TABLE public.cluster TO sangkien_staff;

GRANT SELECT ON TABLE public.cluster_member TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.cluster_member TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.cluster_member_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.commendation TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.commendation TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.commendation_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.initiative TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.initiative TO sangkien_staff;

GRANT SELECT ON TABLE public.initiative_edit TO sangkien_viewer;
GRANT SELECT ON TABLE public.initiative_edit TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.initiative_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.phase TO sangkien_viewer;
GRANT SELECT ON TABLE public.phase TO sangkien_staff;

GRANT SELECT ON TABLE public.piccolo_user TO sangkien_viewer;
GRANT SELECT ON TABLE public.piccolo_user TO sangkien_staff;

GRANT UPDATE(password) ON TABLE public.piccolo_user TO sangkien_viewer;
GRANT UPDATE(password) ON TABLE public.piccolo_user TO sangkien_staff;

GRANT UPDATE(last_login) ON TABLE public.piccolo_user TO sangkien_viewer;
GRANT UPDATE(last_login) ON TABLE public.piccolo_user TO sangkien_staff;

GRANT SELECT ON TABLE public.programme TO sangkien_viewer;
GRANT SELECT ON TABLE public.programme TO sangkien_staff;

GRANT SELECT,DELETE,UPDATE ON TABLE public.sessions TO sangkien_viewer;
GRANT SELECT,DELETE,UPDATE ON TABLE public.sessions TO sangkien_staff;

GRANT SELECT ON TABLE public.status_change TO sangkien_viewer;
GRANT SELECT,INSERT ON TABLE public.status_change TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.status_change_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.target TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.target TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.target_id_seq TO sangkien_staff;

GRANT SELECT ON TABLE public.unit TO sangkien_viewer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.unit TO sangkien_staff;

GRANT SELECT ON TABLE public.unit_figure TO sangkien_viewer;
GRANT SELECT ON TABLE public.unit_figure TO sangkien_staff;

GRANT USAGE ON SEQUENCE public.unit_id_seq TO sangkien_staff;
