-- Rows where the kept figures and a recount disagree: none, unless something is
-- broken (domain.progress.drift, `manage.py check-figures`, every test scenario).

CREATE OR REPLACE FUNCTION unit_figure_drift()
RETURNS TABLE (unit integer, phase integer, kept numeric[], counted numeric[])
LANGUAGE sql STABLE AS $$
    SELECT coalesce(k.unit, c.unit), coalesce(k.phase, c.phase),
           ARRAY[k.valid, k.pending, k.returned, k.rejected, k.benefit_vnd]::numeric[],
           ARRAY[c.valid, c.pending, c.returned, c.rejected, c.benefit_vnd]::numeric[]
      FROM (SELECT * FROM unit_figure
             WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                OR benefit_vnd <> 0) k
      FULL JOIN unit_figure_recount c ON c.unit = k.unit AND c.phase = k.phase
     WHERE (k.valid, k.pending, k.returned, k.rejected, k.benefit_vnd)
           IS DISTINCT FROM (c.valid, c.pending, c.returned, c.rejected, c.benefit_vnd)
$$;
