CREATE TABLE "evidence_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"file_id" uuid,
	"text" text,
	"due_on" date,
	"state" text DEFAULT 'submitted' NOT NULL,
	"review_note" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"submitted_by" integer NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "evidence_items_kind_check" CHECK (kind in ('document', 'narrative', 'table', 'photo')),
	CONSTRAINT "evidence_items_state_check" CHECK (state in ('submitted', 'accepted', 'returned')),
	CONSTRAINT "evidence_items_content_check" CHECK (file_id is not null or text is not null)
);
--> statement-breakpoint
CREATE TABLE "framework_nodes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "framework_nodes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"code" text NOT NULL,
	"parent_code" text,
	"parent_id" integer,
	"level" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"points" numeric(6, 2),
	"description" text,
	"methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"site_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_veto" boolean DEFAULT false NOT NULL,
	"is_negative_list" boolean DEFAULT false NOT NULL,
	"is_featured" boolean DEFAULT false NOT NULL,
	"requirement" text,
	"evidence_requirements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "framework_nodes_code_unique" UNIQUE("framework_id","code"),
	CONSTRAINT "framework_nodes_level_check" CHECK (level in ('area', 'indicator', 'item', 'criterion')),
	CONSTRAINT "framework_nodes_criterion_points_check" CHECK (level <> 'criterion' or (points is not null and requirement is not null))
);
--> statement-breakpoint
CREATE TABLE "frameworks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "frameworks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"edition" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"points_are_illustrative" boolean DEFAULT false NOT NULL,
	"description" text,
	"source" text,
	"cloned_from_id" integer,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"data_version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "frameworks_code_edition_unique" UNIQUE("code","edition"),
	CONSTRAINT "frameworks_status_check" CHECK (status in ('draft', 'published', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "responsibilities" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"lead_unit_id" integer NOT NULL,
	"supporting_unit_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"due_on" date,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_rules" (
	"framework_id" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"supporting_share" numeric(3, 2) DEFAULT '0' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_rules_share_check" CHECK (supporting_share >= 0 and supporting_share <= 1)
);
--> statement-breakpoint
CREATE TABLE "self_assessment_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "self_assessment_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"from_status" text,
	"status" text NOT NULL,
	"note" text,
	"actor_id" integer,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_assessment_events_status_check" CHECK (status in ('met', 'mostlyMet', 'notMet', 'notApplicable'))
);
--> statement-breakpoint
CREATE TABLE "self_assessments" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_assessments_status_check" CHECK (status in ('met', 'mostlyMet', 'notMet', 'notApplicable'))
);
--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_node_id_framework_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."framework_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_nodes" ADD CONSTRAINT "framework_nodes_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_nodes" ADD CONSTRAINT "framework_nodes_parent_id_framework_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."framework_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "frameworks" ADD CONSTRAINT "frameworks_cloned_from_id_frameworks_id_fk" FOREIGN KEY ("cloned_from_id") REFERENCES "public"."frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibilities" ADD CONSTRAINT "responsibilities_node_id_framework_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."framework_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibilities" ADD CONSTRAINT "responsibilities_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibilities" ADD CONSTRAINT "responsibilities_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibilities" ADD CONSTRAINT "responsibilities_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_rules" ADD CONSTRAINT "score_rules_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_events" ADD CONSTRAINT "self_assessment_events_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_events" ADD CONSTRAINT "self_assessment_events_node_id_framework_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."framework_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_events" ADD CONSTRAINT "self_assessment_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_node_id_framework_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."framework_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_items_node_idx" ON "evidence_items" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "evidence_items_framework_state_idx" ON "evidence_items" USING btree ("framework_id","state");--> statement-breakpoint
CREATE INDEX "evidence_items_unit_idx" ON "evidence_items" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "framework_nodes_parent_idx" ON "framework_nodes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "responsibilities_framework_idx" ON "responsibilities" USING btree ("framework_id");--> statement-breakpoint
CREATE INDEX "responsibilities_lead_idx" ON "responsibilities" USING btree ("lead_unit_id");--> statement-breakpoint
CREATE INDEX "responsibilities_supporting_idx" ON "responsibilities" USING gin ("supporting_unit_ids");--> statement-breakpoint
CREATE INDEX "self_assessment_events_node_idx" ON "self_assessment_events" USING btree ("node_id","id");--> statement-breakpoint
CREATE INDEX "self_assessments_framework_idx" ON "self_assessments" USING btree ("framework_id");