CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"entry" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_assignments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone,
	"rectified_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"is_parked" boolean DEFAULT false NOT NULL,
	"rework_count" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"nature" text NOT NULL,
	"category_code" text NOT NULL,
	"category_name" text NOT NULL,
	"subcategory_code" text NOT NULL,
	"subcategory_name" text NOT NULL,
	"deadline_rule" jsonb,
	"default_department_code" text,
	"accept_standard" text,
	"close_standard" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "case_categories_code_unique" UNIQUE("nature","category_code","subcategory_code"),
	CONSTRAINT "case_categories_nature_check" CHECK (nature in ('facility', 'incident'))
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" integer,
	"actor_name" text,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_photos" (
	"case_id" bigint NOT NULL,
	"file_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"event_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_photos_pk" PRIMARY KEY("case_id","file_id"),
	CONSTRAINT "case_photos_phase_check" CHECK (phase in ('before', 'after', 'attachment'))
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"source" text NOT NULL,
	"nature" text NOT NULL,
	"category_code" text NOT NULL,
	"subcategory_code" text NOT NULL,
	"criterion_code" text,
	"site_id" integer,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"address" text NOT NULL,
	"description" text NOT NULL,
	"severity" text NOT NULL,
	"state" text NOT NULL,
	"responsible_unit_id" integer,
	"responsible_unit_path" text,
	"area_unit_id" integer NOT NULL,
	"area_unit_path" text NOT NULL,
	"reporter_user_id" integer,
	"submitted_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"rectified_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"is_overdue" boolean DEFAULT false NOT NULL,
	"pending_extension" jsonb,
	"parking" jsonb,
	"rework_count" smallint DEFAULT 0 NOT NULL,
	"return_count" smallint DEFAULT 0 NOT NULL,
	"extension_count" smallint DEFAULT 0 NOT NULL,
	"urge_count" smallint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_number_unique" UNIQUE("number"),
	CONSTRAINT "cases_idempotency_unique" UNIQUE("reporter_user_id","idempotency_key"),
	CONSTRAINT "cases_state_check" CHECK (state in ('submitted', 'accepted', 'rejected', 'dispatched', 'returned', 'rectifying', 'awaitingVerification', 'closed', 'parked')),
	CONSTRAINT "cases_source_check" CHECK (source in ('inspection', 'gridPatrol', 'citizen', 'sensor', 'leader', 'thirdParty')),
	CONSTRAINT "cases_nature_check" CHECK (nature in ('facility', 'incident')),
	CONSTRAINT "cases_severity_check" CHECK (severity in ('minor', 'normal', 'serious', 'critical'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"kind" text NOT NULL,
	"case_id" bigint,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_photos" ADD CONSTRAINT "case_photos_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_responsible_unit_id_units_id_fk" FOREIGN KEY ("responsible_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_area_unit_id_units_id_fk" FOREIGN KEY ("area_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assignments_unit_idx" ON "case_assignments" USING btree ("unit_id","dispatched_at");--> statement-breakpoint
CREATE INDEX "case_assignments_path_idx" ON "case_assignments" USING btree ("unit_path" text_pattern_ops,"dispatched_at");--> statement-breakpoint
CREATE INDEX "case_assignments_dispatched_idx" ON "case_assignments" USING btree ("dispatched_at");--> statement-breakpoint
CREATE INDEX "case_assignments_case_idx" ON "case_assignments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "cases_state_idx" ON "cases" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "cases_responsible_path_idx" ON "cases" USING btree ("responsible_unit_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "cases_area_path_idx" ON "cases" USING btree ("area_unit_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "cases_category_idx" ON "cases" USING btree ("nature","category_code","subcategory_code","id");--> statement-breakpoint
CREATE INDEX "cases_submitted_idx" ON "cases" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "cases_criterion_idx" ON "cases" USING btree ("criterion_code") WHERE criterion_code is not null;--> statement-breakpoint
CREATE INDEX "cases_site_idx" ON "cases" USING btree ("site_id") WHERE site_id is not null;--> statement-breakpoint
CREATE INDEX "cases_point_idx" ON "cases" USING btree ("lat","lon");--> statement-breakpoint
CREATE INDEX "cases_inbox_idx" ON "cases" USING btree ("responsible_unit_id","deadline_at") WHERE state in ('submitted', 'accepted', 'dispatched', 'returned', 'rectifying', 'awaitingVerification', 'parked');--> statement-breakpoint
CREATE INDEX "cases_clock_idx" ON "cases" USING btree ("deadline_at") WHERE state in ('dispatched', 'rectifying') and not is_overdue;--> statement-breakpoint
CREATE INDEX "notifications_unit_idx" ON "notifications" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "notifications_path_idx" ON "notifications" USING btree ("unit_path" text_pattern_ops,"id");