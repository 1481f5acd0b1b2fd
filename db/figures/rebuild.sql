-- Every unit's figures for every phase, counted again from the base rows (a
-- phase's dates changed, or `manage.py check-figures --repair`). Rows are
-- written in the order roll-ups lock them.

CREATE OR REPLACE FUNCTION unit_figure_rebuild() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DELETE FROM unit_figure;
    INSERT INTO unit_figure (unit, phase, valid, pending, returned, rejected, benefit_vnd)
    SELECT u.id, ph.id, coalesce(c.valid, 0), coalesce(c.pending, 0),
           coalesce(c.returned, 0), coalesce(c.rejected, 0), coalesce(c.benefit_vnd, 0)
      FROM unit u CROSS JOIN phase ph
      LEFT JOIN unit_figure_recount c ON c.unit = u.id AND c.phase = ph.id
     ORDER BY u.id, ph.id;
$$;
