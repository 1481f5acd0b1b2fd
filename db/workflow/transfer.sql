-- A transfer forwards an initiative to the union the member should have picked,
-- which may lie outside the reviewer's scope. The workflow (domain/workflow.py)
-- has checked that the caller may decide these initiatives; these two act
-- beyond the caller's scope (SECURITY DEFINER), and only on pending ones.

-- A code in any case, as codes are unique (unit_code_any_case, which serves it).
CREATE OR REPLACE FUNCTION unit_id_for_code(unit_code text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT id FROM unit WHERE lower(code) = lower(unit_code)
$$;

CREATE OR REPLACE FUNCTION initiative_transfer(ids integer[], to_unit integer) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    UPDATE initiative SET reviewing_unit = to_unit
     WHERE id = ANY(ids) AND status = 'pending'
$$;
