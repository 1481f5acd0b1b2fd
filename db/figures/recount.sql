-- The kept figures counted from the base rows (domain.md): an initiative counts
-- for its own unit and every unit above it, in the phase whose window (both ends
-- inclusive) holds its submission date. The rebuild inserts it; the drift check
-- compares it with the kept rows.

CREATE OR REPLACE VIEW unit_figure_recount AS
SELECT a.unit, ph.id AS phase,
       sum(CASE WHEN i.status = 'approved' THEN 1 ELSE 0 END) AS valid,
       sum(CASE WHEN i.status = 'pending' THEN 1 ELSE 0 END) AS pending,
       sum(CASE WHEN i.status = 'returned' THEN 1 ELSE 0 END) AS returned,
       sum(CASE WHEN i.status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
       sum(CASE WHEN i.status = 'approved'
                THEN coalesce(i.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
  FROM initiative i
  JOIN phase ph ON i.submitted_on BETWEEN ph.start_date AND ph.end_date
  JOIN unit u ON u.id = i.unit
 CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
 WHERE i.status IN ('approved', 'pending', 'returned', 'rejected')
 GROUP BY a.unit, ph.id;
