CREATE TABLE "bulletins" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bulletins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"unit_kind" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"content" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" integer,
	"published_at" timestamp with time zone,
	CONSTRAINT "bulletins_kind_check" CHECK (kind in ('week', 'month', 'custom')),
	CONSTRAINT "bulletins_status_check" CHECK (status in ('draft', 'published')),
	CONSTRAINT "bulletins_period_check" CHECK (period_to > period_from)
);
--> statement-breakpoint
CREATE INDEX "bulletins_created_idx" ON "bulletins" USING btree ("created_at");