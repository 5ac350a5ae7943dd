-- Case numbers (SF-2026-000123) come from one sequence per year, so numbering restarts each January
-- and a case is inserted in one statement (nextval inside the INSERT). The server creates next
-- year's sequence at start-up and whenever an INSERT finds it missing.
CREATE SEQUENCE IF NOT EXISTS case_number_2025;
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS case_number_2026;
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS case_number_2027;
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS case_number_2028;
--> statement-breakpoint
-- The timeline is append-only like the audit trail.
CREATE FUNCTION case_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION case_events_refuse_change();
