-- The authors' shares of one initiative add up to 100 % at most. Writers of one
-- initiative's authorships queue on its row, so two cannot both pass.

CREATE OR REPLACE FUNCTION authorship_share_total() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM initiative WHERE id = NEW.initiative FOR UPDATE;
    IF (SELECT sum(share) FROM authorship WHERE initiative = NEW.initiative) > 100 THEN
        RAISE EXCEPTION 'authorship_share_total'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_share_total';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER authorship_share_total AFTER INSERT OR UPDATE ON authorship
FOR EACH ROW EXECUTE FUNCTION authorship_share_total();
