-- The name of a union any caller may read, whatever their scope: the union an
-- initiative is sent to is usually above the sender's scope (a district's own
-- initiatives go to the province), yet its staff must see where it went; and
-- the names of the unions are no secret. Names only: the unit's row, its figures
-- and its initiatives stay behind row security.
CREATE OR REPLACE FUNCTION unit_name(unit_id integer) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT name FROM unit WHERE id = unit_id
$$;
