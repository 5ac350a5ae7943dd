CREATE TABLE "unit_metric_rollups" (
	"dispatch_day" date NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"as_of_day" date NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"parked" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"reached_verification" integer DEFAULT 0 NOT NULL,
	"reworked" integer DEFAULT 0 NOT NULL,
	"handling_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "unit_metric_rollups_pk" PRIMARY KEY("dispatch_day","unit_id","unit_path","as_of_day")
);
--> statement-breakpoint
CREATE TABLE "unit_metric_month_rollups" (
	"dispatch_month" date NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"as_of_day" date NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"parked" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"reached_verification" integer DEFAULT 0 NOT NULL,
	"reworked" integer DEFAULT 0 NOT NULL,
	"handling_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "unit_metric_month_rollups_pk" PRIMARY KEY("dispatch_month","unit_id","unit_path","as_of_day")
);
--> statement-breakpoint
CREATE TABLE "case_open_counts" (
	"area_unit_path" text PRIMARY KEY NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dashboard_rollup_state" ADD COLUMN "events_until" bigint;
--> statement-breakpoint
ALTER TABLE "dashboard_rollup_state" ADD COLUMN "calendar_key" text;
--> statement-breakpoint
CREATE INDEX "case_daily_rollups_day_idx" ON "case_daily_rollups" USING btree ("day","area_unit_path","created","created_closed","closed");
--> statement-breakpoint
CREATE INDEX "case_assignments_deadline_idx" ON "case_assignments" USING btree ("deadline_at");
--> statement-breakpoint
DELETE FROM "dashboard_rollup_state";
