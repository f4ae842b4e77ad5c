-- Public space (src/modules/public-space): residents' reports on a map (categories with Open311
-- service codes and attributes, photos stripped of metadata, followers, tracking links), the agents'
-- workflow (DansMaRue's states, assignment, notes, merges), sensitive places that raise priorities,
-- the commune's address list, Open311 API keys, and objective cleanliness surveys.
-- No table references itself (a restore inserts tables in dependency order): parents and merges
-- are codes or ids checked by the service.
CREATE TABLE "public_space_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"email" text,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_teams_code_unique" UNIQUE("code"),
	CONSTRAINT "public_space_teams_kind_known" CHECK ("kind" in ('service', 'team', 'contractor'))
);
--> statement-breakpoint
CREATE TABLE "public_space_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"parent_code" text,
	"name_fr" text NOT NULL,
	"name_en" text,
	"description" text DEFAULT '' NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"photo_required" boolean DEFAULT false NOT NULL,
	"anonymous_allowed" boolean DEFAULT true NOT NULL,
	"routing_team_id" uuid REFERENCES "public_space_teams"("id") ON DELETE SET NULL,
	"default_priority" text DEFAULT 'normal' NOT NULL,
	"response_templates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_categories_code_unique" UNIQUE("code"),
	CONSTRAINT "public_space_categories_priority_known" CHECK ("default_priority" in ('urgent', 'high', 'normal', 'low'))
);
--> statement-breakpoint
CREATE SEQUENCE "public_space_report_numbers" START WITH 1000;
--> statement-breakpoint
CREATE TABLE "public_space_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint DEFAULT nextval('public_space_report_numbers') NOT NULL,
	"category_code" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"reject_reason" text,
	"description" text DEFAULT '' NOT NULL,
	"description_original" text,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"cell" bigint NOT NULL,
	"position_source" text DEFAULT 'map' NOT NULL,
	"address" text,
	"address_id" text,
	"district_zoning" text,
	"district_code" text,
	"district_version" integer,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"priority_score" integer DEFAULT 0 NOT NULL,
	"priority_level" text DEFAULT 'normal' NOT NULL,
	"priority_override" text,
	"priority_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assigned_team_id" uuid REFERENCES "public_space_teams"("id") ON DELETE SET NULL,
	"assignee_id" text,
	"source" text DEFAULT 'web' NOT NULL,
	"api_key_id" uuid,
	"submission_key" text,
	"submission_hash" text,
	"merged_into_id" uuid,
	"followers_count" integer DEFAULT 1 NOT NULL,
	"photos_count" integer DEFAULT 0 NOT NULL,
	"reopened_count" integer DEFAULT 0 NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "public_space_reports_number_unique" UNIQUE("number"),
	CONSTRAINT "public_space_reports_submission_key_unique" UNIQUE("submission_key"),
	CONSTRAINT "public_space_reports_status_known" CHECK ("status" in ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'done', 'rejected', 'under_watch', 'archived')),
	CONSTRAINT "public_space_reports_priority_known" CHECK ("priority_level" in ('urgent', 'high', 'normal', 'low') AND ("priority_override" IS NULL OR "priority_override" in ('urgent', 'high', 'normal', 'low'))),
	CONSTRAINT "public_space_reports_position_valid" CHECK ("lng" BETWEEN -180 AND 180 AND "lat" BETWEEN -90 AND 90),
	CONSTRAINT "public_space_reports_source_known" CHECK ("source" in ('web', 'open311', 'staff', 'import', 'demo'))
);
--> statement-breakpoint
ALTER SEQUENCE "public_space_report_numbers" OWNED BY "public_space_reports"."number";
--> statement-breakpoint
-- Nearby open reports of a category: one index probe per grid cell around the point.
CREATE INDEX "public_space_reports_open_cell_idx" ON "public_space_reports" USING btree ("category_code", "cell") WHERE "status" in ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch') AND "merged_into_id" IS NULL;
--> statement-breakpoint
CREATE INDEX "public_space_reports_requested_idx" ON "public_space_reports" USING btree ("requested_at" DESC, "number" DESC);
--> statement-breakpoint
-- Open311 GET requests by service_code, and by status open, newest first.
CREATE INDEX "public_space_reports_category_requested_idx" ON "public_space_reports" USING btree ("category_code", "requested_at" DESC, "number" DESC);
--> statement-breakpoint
CREATE INDEX "public_space_reports_open_requested_idx" ON "public_space_reports" USING btree ("requested_at" DESC, "number" DESC) WHERE "status" in ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch');
--> statement-breakpoint
CREATE INDEX "public_space_reports_updated_idx" ON "public_space_reports" USING btree ("updated_at" DESC);
--> statement-breakpoint
CREATE INDEX "public_space_reports_status_idx" ON "public_space_reports" USING btree ("status", "priority_score" DESC, "requested_at");
--> statement-breakpoint
CREATE INDEX "public_space_reports_district_idx" ON "public_space_reports" USING btree ("district_zoning", "district_code");
--> statement-breakpoint
CREATE INDEX "public_space_reports_merged_idx" ON "public_space_reports" USING btree ("merged_into_id") WHERE "merged_into_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "public_space_report_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL REFERENCES "public_space_reports"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"status_from" text,
	"status_to" text,
	"text" text,
	"data" jsonb,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_report_events_kind_known" CHECK ("kind" in ('created', 'status', 'public_update', 'note', 'assignment', 'category', 'position', 'priority', 'merge', 'reopen', 'photo', 'resident_comment', 'follow'))
);
--> statement-breakpoint
CREATE INDEX "public_space_report_events_report_idx" ON "public_space_report_events" USING btree ("report_id", "at");
--> statement-breakpoint
CREATE INDEX "public_space_report_events_public_at_idx" ON "public_space_report_events" USING btree ("at") WHERE "public";
--> statement-breakpoint
CREATE TABLE "public_space_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid REFERENCES "public_space_reports"("id") ON DELETE CASCADE,
	"upload_token_hash" text,
	"bytes" bytea NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"sha256" text NOT NULL,
	"source_format" text NOT NULL,
	"blacked_out" integer DEFAULT 0 NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_photos_format_known" CHECK ("format" in ('jpeg', 'webp', 'png'))
);
--> statement-breakpoint
CREATE INDEX "public_space_photos_report_idx" ON "public_space_photos" USING btree ("report_id", "created_at");
--> statement-breakpoint
CREATE INDEX "public_space_photos_pending_idx" ON "public_space_photos" USING btree ("created_at") WHERE "report_id" IS NULL;
--> statement-breakpoint
CREATE TABLE "public_space_followers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL REFERENCES "public_space_reports"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"contact_sealed" text,
	"notify" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_followers_kind_known" CHECK ("kind" in ('author', 'follower'))
);
--> statement-breakpoint
CREATE INDEX "public_space_followers_report_idx" ON "public_space_followers" USING btree ("report_id");
--> statement-breakpoint
CREATE TABLE "public_space_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "public_space_api_keys_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "public_space_sensitive_layers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"radius_m" integer NOT NULL,
	"weight" integer NOT NULL,
	"features_count" integer DEFAULT 0 NOT NULL,
	"source" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_sensitive_layers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "public_space_sensitive_features" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"layer_id" uuid NOT NULL REFERENCES "public_space_sensitive_layers"("id") ON DELETE CASCADE,
	"name" text,
	"geometry" jsonb NOT NULL,
	"min_lng" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lng" double precision NOT NULL,
	"max_lat" double precision NOT NULL
);
--> statement-breakpoint
CREATE INDEX "public_space_sensitive_features_bbox_idx" ON "public_space_sensitive_features" USING btree ("min_lat", "max_lat");
--> statement-breakpoint
CREATE TABLE "public_space_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"suffix" text,
	"street" text NOT NULL,
	"postcode" text,
	"insee_code" text,
	"commune" text,
	"label" text NOT NULL,
	"search" text NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "public_space_addresses_search_idx" ON "public_space_addresses" USING gin ("search" gin_trgm_ops);
--> statement-breakpoint
CREATE TABLE "public_space_saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "public_space_saved_views_owner_idx" ON "public_space_saved_views" USING btree ("owner_id");
--> statement-breakpoint
CREATE TABLE "public_space_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zoning" text NOT NULL,
	"zone_code" text NOT NULL,
	"segment" text,
	"surveyed_area_m2" double precision NOT NULL,
	"surveyed_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"counts" jsonb NOT NULL,
	"agent_id" text,
	"import_ref" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_space_surveys_method_known" CHECK ("method" in ('agent', 'automated')),
	CONSTRAINT "public_space_surveys_area_positive" CHECK ("surveyed_area_m2" > 0)
);
--> statement-breakpoint
CREATE INDEX "public_space_surveys_zone_idx" ON "public_space_surveys" USING btree ("zoning", "zone_code", "surveyed_at");
--> statement-breakpoint
CREATE TABLE "public_space_rate_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "public_space_rate_counters_pk" PRIMARY KEY("key", "window_start")
);
