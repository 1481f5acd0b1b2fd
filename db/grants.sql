-- What each role a unit's account runs as may do at all (rows: db/policies/).
-- Viewers read; staff and managers (sangkien_staff) also write the scoped
-- records, the audit trail (through the workflow) and their approval batches.
-- Programmes, phases, clusters and the kept figures are read-only; accounts,
-- tokens and login attempts are the owner's alone. Everything is revoked first,
-- so this file is the whole truth: a privilege not granted here is not held.

-- Every read (GET, HEAD, OPTIONS) runs as sangkien_viewer, whoever the caller
-- (domain/scope.py): what any read needs is granted to sangkien_viewer.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM sangkien_viewer, sangkien_staff;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM sangkien_viewer, sangkien_staff;
GRANT USAGE ON SCHEMA public TO sangkien_viewer, sangkien_staff;

GRANT SELECT ON unit, cluster, cluster_member, programme, phase, target, initiative, author,
    authorship, status_change, commendation, unit_figure, approval_batch
    TO sangkien_viewer, sangkien_staff;
-- The edit history: read with its initiative, written by its triggers alone (db/history/).
GRANT SELECT ON initiative_edit TO sangkien_viewer, sangkien_staff;

-- The admin's session check: the caller's own rows (db/policies/accounts.sql).
GRANT SELECT, UPDATE (password, last_login) ON piccolo_user TO sangkien_viewer, sangkien_staff;
GRANT SELECT, UPDATE, DELETE ON sessions TO sangkien_viewer, sangkien_staff;

GRANT INSERT, UPDATE, DELETE
    ON unit, cluster_member, target, initiative, author, authorship, commendation
    TO sangkien_staff;
GRANT INSERT ON status_change, approval_batch TO sangkien_staff;
-- Functions may be called by anyone unless revoked; these act as the owner on rows
-- the caller may not see: only the workflow's transfer (as a manager) needs two.
REVOKE EXECUTE ON FUNCTION unit_figure_rebuild(), initiative_transfer(integer[], integer),
    unit_id_for_code(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION initiative_transfer(integer[], integer), unit_id_for_code(text)
    TO sangkien_staff;
-- What the write rules' triggers call as the writer (db/rules/): only writers need them.
REVOKE EXECUTE ON FUNCTION unit_parent(integer), initiative_new_code(integer, integer),
    initiative_decided(integer), author_of_decided(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unit_parent(integer), initiative_new_code(integer, integer),
    initiative_decided(integer), author_of_decided(integer) TO sangkien_staff;

-- Any union's name, for the union an initiative was sent to (db/functions/unit_name.sql).
REVOKE EXECUTE ON FUNCTION unit_name(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unit_name(integer) TO sangkien_viewer, sangkien_staff;

GRANT USAGE ON SEQUENCE unit_id_seq, cluster_member_id_seq, target_id_seq, initiative_id_seq,
    author_id_seq, authorship_id_seq, commendation_id_seq, status_change_id_seq,
    approval_batch_id_seq
    TO sangkien_staff;
