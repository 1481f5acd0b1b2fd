-- A code is kept without the spaces (and invisible characters) typed or pasted
-- around it: "TN-DH " is TN-DH, which the unique index on lower(code) then finds
-- already taken, whatever its case (migration 2026-11-29T20:15:13, which also
-- trimmed the codes already stored). Initiatives trim theirs in
-- db/rules/initiative_values.sql, with the code they generate. The WHEN
-- spares most rows the call (db/functions/writes.sql).

CREATE OR REPLACE FUNCTION code_trim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.code := sangkien_trim(NEW.code);
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER unit_code_trim BEFORE INSERT OR UPDATE OF code ON unit
FOR EACH ROW WHEN (sangkien_untrimmed(NEW.code)) EXECUTE FUNCTION code_trim();

CREATE OR REPLACE TRIGGER cluster_code_trim BEFORE INSERT OR UPDATE OF code ON cluster
FOR EACH ROW WHEN (sangkien_untrimmed(NEW.code)) EXECUTE FUNCTION code_trim();

CREATE OR REPLACE TRIGGER programme_code_trim BEFORE INSERT OR UPDATE OF code ON programme
FOR EACH ROW WHEN (sangkien_untrimmed(NEW.code)) EXECUTE FUNCTION code_trim();

CREATE OR REPLACE TRIGGER phase_code_trim BEFORE INSERT OR UPDATE OF code ON phase
FOR EACH ROW WHEN (sangkien_untrimmed(NEW.code)) EXECUTE FUNCTION code_trim();
