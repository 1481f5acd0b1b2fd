-- Candidate authors by name, found through the name's trigram index (the entry
-- page's picker and its namesake check: domain/entry.py). Under row security a
-- unit account's search cannot use the index (LIKE is not leakproof, so the
-- author policy ran first on every author in the scope's reach); found here as
-- the owner, among the authors kept by the caller's units (the path range of
-- `sangkien.scope`; no scope: an administrator, everyone), the caller's own
-- query then reads these ids only, through its policy. Ids alone say nothing of
-- an author the caller cannot see. Authors kept elsewhere and only linked to an
-- initiative in scope are not suggested (they are picked in the admin).

-- Names containing what was typed (without diacritics or case), up to `most`:
-- a common name matches thousands, and the caller narrows by typing more.
CREATE OR REPLACE FUNCTION author_ids_containing(typed text, most integer) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT coalesce(array_agg(id), '{}') FROM (
        SELECT a.id FROM author a JOIN unit u ON u.id = a.unit
         WHERE search_text(a.name) LIKE search_contains_pattern(typed)
           AND (sangkien_scope() IS NULL
                OR (u.path >= sangkien_scope() AND u.path < sangkien_scope_end()))
         LIMIT most) found
$$;

-- Names equal to `name` without diacritics or case («Ly Van Long» is «Lý Văn
-- Long» typed in haste): the trigram index answers equality too (PostgreSQL 14+).
CREATE OR REPLACE FUNCTION author_ids_named(name text, most integer) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT coalesce(array_agg(id), '{}') FROM (
        SELECT a.id FROM author a JOIN unit u ON u.id = a.unit
         WHERE search_text(a.name) = search_text($1)
           AND (sangkien_scope() IS NULL
                OR (u.path >= sangkien_scope() AND u.path < sangkien_scope_end()))
         LIMIT most) found
$$;
