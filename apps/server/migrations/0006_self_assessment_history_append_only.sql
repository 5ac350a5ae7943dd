-- The self-assessment history is append-only like the audit trail and the case timeline.
CREATE FUNCTION self_assessment_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'self_assessment_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER self_assessment_events_no_update_delete BEFORE UPDATE OR DELETE ON self_assessment_events
  FOR EACH ROW EXECUTE FUNCTION self_assessment_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER self_assessment_events_no_truncate BEFORE TRUNCATE ON self_assessment_events
  FOR EACH STATEMENT EXECUTE FUNCTION self_assessment_events_refuse_change();
