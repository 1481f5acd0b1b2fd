-- An initiative's values a person can rely on (the constraints of migration
-- 2026-11-29T20:15:13 hold the rest: dates from 2000, applied and recognised
-- before it was sent, a visible title, a trimmed code unique in any case).
--
-- * Its code is trimmed; left empty, the database gives it one:
--   SK-<unit code>-<year sent, or this year>-<serial>, e.g. SK-TN-DH-2026-000042.
--   The serial comes from a sequence, so two writers never draw the same one
--   (no lock, no retry); a number someone already typed by hand is skipped.
-- * It is not dated after today in Vietnam: a submission dated 31/12/2030 would
--   count in no phase until then; nor first applied or recognised after today.
--   Checked when a date is written, not again each time the row changes.
--
-- These bind every writer, maintenance included. `manage.py generate` copies
-- 2,000,000 rows past this trigger: its WHEN lets through, without calling the
-- function, a row whose code needs no trimming and whose date is not in the
-- future (most rows; the call costs about 5 µs a row, the WHEN well under 1).

CREATE OR REPLACE FUNCTION initiative_new_code(unit_id integer, year integer) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    unit_code text := (SELECT code FROM unit WHERE id = unit_id);
    serial text;
    candidate text;
BEGIN
    LOOP
        serial := nextval('initiative_code_serial')::text;
        serial := lpad(serial, greatest(6, length(serial)), '0');  -- lpad would cut a 7th digit
        -- The column holds 40 characters: a long unit code gives way to the serial.
        candidate := format('SK-%s-%s-%s',
            left(coalesce(unit_code, '?'), 40 - length(format('SK--%s-%s', year, serial))),
            year, serial);
        EXIT WHEN NOT EXISTS (SELECT 1 FROM initiative WHERE lower(code) = lower(candidate));
    END LOOP;
    RETURN candidate;
END $$;

CREATE OR REPLACE FUNCTION initiative_sound_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.code := sangkien_trim(coalesce(NEW.code, ''));
    IF NEW.code = '' THEN
        NEW.code := initiative_new_code(
            NEW.unit, extract(year FROM coalesce(NEW.submitted_on, sangkien_today()))::integer);
    END IF;
    IF NEW.submitted_on > sangkien_today()
       AND (TG_OP = 'INSERT' OR NEW.submitted_on IS DISTINCT FROM OLD.submitted_on) THEN
        RAISE EXCEPTION 'initiative_submitted_in_future'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_submitted_in_future';
    END IF;
    -- A draft has no submission date to check them against (the table's CHECKs):
    -- not after today either, or sending it today would fail.
    IF NEW.first_applied_on > sangkien_today()
       AND (TG_OP = 'INSERT' OR NEW.first_applied_on IS DISTINCT FROM OLD.first_applied_on) THEN
        RAISE EXCEPTION 'initiative_applied_in_future'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_applied_in_future';
    END IF;
    IF NEW.decision_date > sangkien_today()
       AND (TG_OP = 'INSERT' OR NEW.decision_date IS DISTINCT FROM OLD.decision_date) THEN
        RAISE EXCEPTION 'initiative_decision_in_future'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decision_in_future';
    END IF;
    RETURN NEW;
END $$;

-- Named to fire after initiative_scope_guard (triggers fire by name): a unit
-- account writing outside its scope hears that first.
CREATE OR REPLACE TRIGGER initiative_sound_values
BEFORE INSERT OR UPDATE OF code, submitted_on, first_applied_on, decision_date ON initiative
FOR EACH ROW WHEN (sangkien_untrimmed(NEW.code) OR NEW.submitted_on > sangkien_today()
                   OR NEW.first_applied_on > sangkien_today()
                   OR NEW.decision_date > sangkien_today())
EXECUTE FUNCTION initiative_sound_values();
