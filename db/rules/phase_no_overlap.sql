-- The phases of one programme do not overlap: an initiative's submission date
-- must name one phase. Writers of one programme's phases queue on its row.

CREATE OR REPLACE FUNCTION phase_no_overlap() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM programme WHERE id = NEW.programme FOR UPDATE;
    IF EXISTS (
        SELECT 1 FROM phase p
         WHERE p.programme = NEW.programme AND p.id <> NEW.id
           AND p.start_date <= NEW.end_date AND p.end_date >= NEW.start_date
    ) THEN
        RAISE EXCEPTION 'phase_overlap'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'phase_overlap';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER phase_no_overlap BEFORE INSERT OR UPDATE ON phase
FOR EACH ROW EXECUTE FUNCTION phase_no_overlap();
