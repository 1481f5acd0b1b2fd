-- Who is writing, as the write rules (db/rules/) read it.
--
-- A write is *bound* by the rules when a request runs it: a unit's account
-- (its role is under row-level security) or an administrator through the admin
-- or the API (domain/scope.py sets `sangkien.user` for every caller's write,
-- administrators included). The owner writing with no request at all is
-- maintenance: `manage.py generate` (COPY), `manage.py load-demo`, the tests'
-- fixtures (tests/support/world.py), an operator's psql. The sound-values rules
-- bind maintenance too; routing and the locks do not, so a fixture can place an
-- initiative in any status, sent anywhere (a cross-routed one, say).
--
-- The workflow (domain/workflow.py) marks its own writes, in its transaction and
-- before its UPDATEs: set_config('sangkien.workflow', 'on', true). Only then may
-- a bound write change an initiative's status, decision and reviewing unit
-- beyond the routing rule (a transfer, db/workflow/transfer.sql, runs inside).

CREATE OR REPLACE FUNCTION sangkien_bound() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    -- The setting first: it is what a request sets, and cheaper to read. A
    -- unit account's role binds even without it (belt and braces: with no scope
    -- set it sees no row to write anyway).
    SELECT coalesce(current_setting('sangkien.user', true), '') <> ''
        OR row_security_active('initiative')
$$;

CREATE OR REPLACE FUNCTION sangkien_workflow() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('sangkien.workflow', true), '') = 'on'
$$;

-- Today where the programme runs (Vietnam, UTC+7, no summer time), whatever the
-- server's time zone: a submission sent at 06:00 in Hà Nội is dated that day.
CREATE OR REPLACE FUNCTION sangkien_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
$$;

-- A code without what a person cannot see at its ends: white space, no-break
-- and zero-width spaces, joiners, direction marks, the byte-order mark, control
-- characters. The same characters as the `<table>_code_trimmed` constraints
-- (migration 2026-11-29T20:15:13), which hold the result.
--
-- `sangkien_untrimmed` is the triggers' cheap test first: a code that starts and
-- ends with a printable ASCII character (most codes) needs no regular expression.
CREATE OR REPLACE FUNCTION sangkien_untrimmed(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT code IS NULL OR NOT (ascii(code) BETWEEN 33 AND 126
                                AND ascii(right(code, 1)) BETWEEN 33 AND 126)
$$;

CREATE OR REPLACE FUNCTION sangkien_trim(code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(code,
        '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+'
        '|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]+$',
        '', 'g')
$$;
