-- The caller's scope, set per request by domain/scope.py with set_config(…, true):
-- `sangkien.scope` is the materialised path of the caller's unit ('/1/5/'),
-- `sangkien.user` the account's id, `sangkien.masked_reads` 'on' while the API
-- reads confidential initiatives it will mask. An unset scope matches nothing.
-- PARALLEL SAFE: a policy that calls them still lets counts use parallel workers.

CREATE OR REPLACE FUNCTION sangkien_scope() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT nullif(current_setting('sangkien.scope', true), '')
$$;

-- The first path after every path that starts with the scope ('/' < '0').
CREATE OR REPLACE FUNCTION sangkien_scope_end() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT left(sangkien_scope(), -1) || '0'
$$;

CREATE OR REPLACE FUNCTION sangkien_user() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT nullif(current_setting('sangkien.user', true), '')::integer
$$;

CREATE OR REPLACE FUNCTION sangkien_masked() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('sangkien.masked_reads', true), '') = 'on'
$$;
