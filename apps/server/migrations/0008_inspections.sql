CREATE TABLE "sites" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sites_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"unit_id" integer,
	"unit_path" text,
	"town_id" integer,
	"person_in_charge" text,
	"phone" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_code_unique" UNIQUE("code"),
	CONSTRAINT "sites_type_check" CHECK (type in ('civilizationPracticeCenter', 'governmentServiceHall', 'bankBranch', 'serviceWindow', 'busStop', 'bus', 'taxi', 'publicToilet', 'publicSquare', 'hotel', 'park', 'community', 'constructionSite', 'scenicSpot', 'school', 'mallSupermarket', 'hospital', 'culturalFacility', 'majorIntersection', 'backStreet', 'commercialStreet', 'mainRoad', 'urbanRuralFringe', 'farmersMarket', 'residentialCompound', 'township'))
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "checklist_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" integer NOT NULL,
	"site_type" text NOT NULL,
	"node_id" integer NOT NULL,
	"criterion_code" text NOT NULL,
	"wording" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"case_nature" text DEFAULT 'incident' NOT NULL,
	"case_category_code" text DEFAULT '01' NOT NULL,
	"case_subcategory_code" text DEFAULT '99' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "checklist_items_unique" UNIQUE("framework_id","site_type","node_id"),
	CONSTRAINT "checklist_items_site_type_check" CHECK (site_type in ('civilizationPracticeCenter', 'governmentServiceHall', 'bankBranch', 'serviceWindow', 'busStop', 'bus', 'taxi', 'publicToilet', 'publicSquare', 'hotel', 'park', 'community', 'constructionSite', 'scenicSpot', 'school', 'mallSupermarket', 'hospital', 'culturalFacility', 'majorIntersection', 'backStreet', 'commercialStreet', 'mainRoad', 'urbanRuralFringe', 'farmersMarket', 'residentialCompound', 'township'))
);
--> statement-breakpoint
CREATE TABLE "inspection_assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"site_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"visited_at" timestamp with time zone,
	"visited_by" integer,
	CONSTRAINT "inspection_assignments_site_unique" UNIQUE("round_id","site_id"),
	CONSTRAINT "inspection_assignments_status_check" CHECK (status in ('pending', 'visited'))
);
--> statement-breakpoint
CREATE TABLE "inspection_checks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"assignment_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"checklist_item_id" integer NOT NULL,
	"criterion_code" text NOT NULL,
	"result" text NOT NULL,
	"note" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"case_id" bigint,
	"case_key" text,
	"proposed_unit_id" integer,
	"checked_by" integer,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_checks_item_unique" UNIQUE("assignment_id","checklist_item_id"),
	CONSTRAINT "inspection_checks_result_check" CHECK (result in ('pass', 'fail', 'severeFail'))
);
--> statement-breakpoint
CREATE TABLE "inspection_ops" (
	"user_id" integer NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_ops_key_unique" UNIQUE("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "inspection_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"framework_id" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"kind" text DEFAULT 'regular' NOT NULL,
	"is_announced" boolean DEFAULT false NOT NULL,
	"site_types" text[] NOT NULL,
	"sample_size" integer NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"seed" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_rounds_kind_check" CHECK (kind in ('regular', 'thirdParty', 'mockEvaluation')),
	CONSTRAINT "inspection_rounds_status_check" CHECK (status in ('planned', 'active', 'finished')),
	CONSTRAINT "inspection_rounds_period_check" CHECK (period_end >= period_start),
	CONSTRAINT "inspection_rounds_sample_check" CHECK (sample_size > 0)
);
--> statement-breakpoint
CREATE TABLE "inspection_teams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"name" text NOT NULL,
	"leader_user_id" integer NOT NULL,
	"member_user_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"unit_ids" integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notice_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notice_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	"actor_id" integer,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rectification_notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"number" text NOT NULL,
	"deadline_on" date NOT NULL,
	"case_ids" bigint[] NOT NULL,
	"state" text DEFAULT 'notHandled' NOT NULL,
	"response_note" text,
	"decision_note" text,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rectification_notices_number_unique" UNIQUE("number"),
	CONSTRAINT "rectification_notices_round_unit_unique" UNIQUE("round_id","unit_id"),
	CONSTRAINT "rectification_notices_state_check" CHECK (state in ('notHandled', 'submitted', 'approved', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_town_id_units_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_node_id_framework_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."framework_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_assignments" ADD CONSTRAINT "inspection_assignments_round_id_inspection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."inspection_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_assignments" ADD CONSTRAINT "inspection_assignments_team_id_inspection_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."inspection_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_assignments" ADD CONSTRAINT "inspection_assignments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_assignments" ADD CONSTRAINT "inspection_assignments_visited_by_users_id_fk" FOREIGN KEY ("visited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_assignment_id_inspection_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."inspection_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_round_id_inspection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."inspection_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_checklist_item_id_checklist_items_id_fk" FOREIGN KEY ("checklist_item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_proposed_unit_id_units_id_fk" FOREIGN KEY ("proposed_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_checks" ADD CONSTRAINT "inspection_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_ops" ADD CONSTRAINT "inspection_ops_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_rounds" ADD CONSTRAINT "inspection_rounds_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_rounds" ADD CONSTRAINT "inspection_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_teams" ADD CONSTRAINT "inspection_teams_round_id_inspection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."inspection_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_teams" ADD CONSTRAINT "inspection_teams_leader_user_id_users_id_fk" FOREIGN KEY ("leader_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_events" ADD CONSTRAINT "notice_events_notice_id_rectification_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."rectification_notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_events" ADD CONSTRAINT "notice_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_round_id_inspection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."inspection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sites_type_idx" ON "sites" USING btree ("type");--> statement-breakpoint
CREATE INDEX "sites_town_idx" ON "sites" USING btree ("town_id");--> statement-breakpoint
CREATE INDEX "sites_unit_path_idx" ON "sites" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "checklist_items_type_idx" ON "checklist_items" USING btree ("framework_id","site_type","sort_order");--> statement-breakpoint
CREATE INDEX "inspection_assignments_team_idx" ON "inspection_assignments" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "inspection_checks_round_idx" ON "inspection_checks" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "inspection_rounds_period_idx" ON "inspection_rounds" USING btree ("period_end");--> statement-breakpoint
CREATE INDEX "inspection_teams_round_idx" ON "inspection_teams" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "inspection_teams_members_idx" ON "inspection_teams" USING gin ("member_user_ids");--> statement-breakpoint
CREATE INDEX "notice_events_notice_idx" ON "notice_events" USING btree ("notice_id","id");--> statement-breakpoint
CREATE INDEX "rectification_notices_unit_path_idx" ON "rectification_notices" USING btree ("unit_path" text_pattern_ops);