CREATE TABLE "open311_api_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "open311_api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"rate_per_minute" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "open311_api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "citizen_reports" (
	"case_id" bigint PRIMARY KEY NOT NULL,
	"tracking_code" text NOT NULL,
	"channel" text NOT NULL,
	"api_key_id" integer,
	"reporter_name" text,
	"reporter_phone" text,
	"reporter_email" text,
	"request_hash" text NOT NULL,
	"duplicate_of_case_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "citizen_reports_tracking_code_unique" UNIQUE("tracking_code"),
	CONSTRAINT "citizen_reports_channel_check" CHECK (channel in ('web', 'open311'))
);
--> statement-breakpoint
CREATE TABLE "photo_redactions" (
	"case_id" bigint NOT NULL,
	"file_id" uuid NOT NULL,
	"redacted_file_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"regions" jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "photo_redactions_pk" PRIMARY KEY("case_id","file_id"),
	CONSTRAINT "photo_redactions_mode_check" CHECK (mode in ('blur', 'fill'))
);
--> statement-breakpoint
CREATE TABLE "exposures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exposures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"address" text,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"published_by" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"withdrawn_by" integer,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text
);
--> statement-breakpoint
ALTER TABLE "citizen_reports" ADD CONSTRAINT "citizen_reports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_reports" ADD CONSTRAINT "citizen_reports_api_key_id_open311_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."open311_api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_reports" ADD CONSTRAINT "citizen_reports_duplicate_of_case_id_cases_id_fk" FOREIGN KEY ("duplicate_of_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photo_redactions" ADD CONSTRAINT "photo_redactions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exposures" ADD CONSTRAINT "exposures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "citizen_reports_created_idx" ON "citizen_reports" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exposures_case_live_unique" ON "exposures" USING btree ("case_id") WHERE withdrawn_at is null;--> statement-breakpoint
CREATE INDEX "exposures_feed_idx" ON "exposures" USING btree ("published_at") WHERE withdrawn_at is null;