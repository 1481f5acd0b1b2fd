-- The edit history of a sent initiative (table initiative_edit, shown in words by
-- domain/history.py): once its status is no longer draft, every change of a
-- column a person edits is recorded, one row per column, with the old and new
-- value as text, the account the request ran as (sangkien.user, set by
-- domain/scope.py for every write, administrators' too) and the time; whatever
-- path wrote it (admin forms, the API, an import). A write without a request
-- (maintenance) is recorded without an account.
--
-- Not recorded: a draft's edits (nothing was sent yet), inserts (COPY of
-- `manage.py generate` pays nothing), and an update that changes the status:
-- that is the workflow's (db rules allow no other), which writes only its own
-- columns (status, decision time, decider, note) and its audit row
-- (status_change). The WHEN clause leaves those rows without even a call, so a
-- bulk approval of 10,000 costs nothing more. A transfer keeps the status and
-- changes the reviewing unit: recorded, since its audit row does not name the
-- units. The columns recorded are domain.vocabulary.EDITED_COLUMNS
-- (tests/test_history.py compares them).

CREATE OR REPLACE FUNCTION initiative_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
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

CREATE OR REPLACE TRIGGER initiative_history AFTER UPDATE ON initiative
FOR EACH ROW WHEN (OLD.status <> 'draft' AND OLD.status = NEW.status)
EXECUTE FUNCTION initiative_history();
