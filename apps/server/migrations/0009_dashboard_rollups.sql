CREATE TABLE "case_daily_rollups" (
	"day" date NOT NULL,
	"area_unit_path" text NOT NULL,
	"nature" text NOT NULL,
	"category_code" text NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"created_closed" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_daily_rollups_pk" PRIMARY KEY("day","area_unit_path","nature","category_code")
);
--> statement-breakpoint
CREATE TABLE "dashboard_rollup_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"refreshed_until" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dashboard_rollup_state_single" CHECK (id = 1)
);
--> statement-breakpoint
CREATE INDEX "cases_updated_idx" ON "cases" USING btree ("updated_at");