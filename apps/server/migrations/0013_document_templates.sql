CREATE TABLE "document_template_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "document_template_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"office_unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"note" text,
	"restored_from" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_template_versions_kind_check" CHECK (kind in ('work_summary')),
	CONSTRAINT "document_template_versions_version_check" CHECK (version > 0)
);
--> statement-breakpoint
ALTER TABLE "document_template_versions" ADD CONSTRAINT "document_template_versions_office_unit_id_units_id_fk" FOREIGN KEY ("office_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_template_versions" ADD CONSTRAINT "document_template_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_template_versions_office_kind_version_idx" ON "document_template_versions" USING btree ("office_unit_id","kind","version");
--> statement-breakpoint
-- Template history is append-only: each save and each restore is a new version, nothing is rewritten.
CREATE FUNCTION document_template_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'document_template_versions is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER document_template_versions_no_update_delete BEFORE UPDATE OR DELETE ON document_template_versions
  FOR EACH ROW EXECUTE FUNCTION document_template_versions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER document_template_versions_no_truncate BEFORE TRUNCATE ON document_template_versions
  FOR EACH STATEMENT EXECUTE FUNCTION document_template_versions_refuse_change();
