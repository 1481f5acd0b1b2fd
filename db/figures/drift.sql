-- Rows where the kept figures disagree with a recount, or describe their unit
-- otherwise than the unit and its targets do: none, unless something is broken
-- (domain.progress.drift, `manage.py check-figures`, every test scenario). The
-- description matters as much as the counts: the policy reads a row's path, and
-- `/api/progress` and the rankings find rows by it.
-- `stale` names the descriptive columns that differ (empty for a count's drift).

DROP FUNCTION IF EXISTS unit_figure_drift();  -- its result gained `stale`
CREATE FUNCTION unit_figure_drift()
RETURNS TABLE (unit integer, phase integer, kept numeric[], counted numeric[], stale text[])
LANGUAGE sql STABLE AS $$
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
