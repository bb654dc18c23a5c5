-- case_events is the audit log: rows are only ever added. Reject UPDATE, DELETE and TRUNCATE.
CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_no_update_delete
  BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
--> statement-breakpoint
CREATE TRIGGER case_events_no_truncate
  BEFORE TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();
