-- Territory zonings (src/modules/territory): zonings (communes, IRIS, a commune's own neighbourhoods…)
-- and their zones with WGS 84 outlines, bounding boxes, centroid, area, population and typed
-- attributes. They replace `territory_communes`, which held only the demo commune and its neighbours:
-- that table only ever held demo rows (no route wrote it), so it goes, and the territory module's
-- demo seed runs again at the next start to build the demo zonings (with the same sources table).
CREATE TABLE "territory_zonings" (
	"code" text PRIMARY KEY NOT NULL,
	"label_fr" text NOT NULL,
	"label_en" text NOT NULL,
	"description_fr" text,
	"description_en" text,
	"kind" text NOT NULL,
	"parent_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"source_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "territory_zonings_code_form" CHECK ("territory_zonings"."code" ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
	CONSTRAINT "territory_zonings_kind_known" CHECK ("territory_zonings"."kind" in ('administrative', 'statistical', 'custom')),
	CONSTRAINT "territory_zonings_not_own_parent" CHECK ("territory_zonings"."parent_code" IS NULL OR "territory_zonings"."parent_code" <> "territory_zonings"."code")
);
--> statement-breakpoint
CREATE TABLE "territory_zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zoning_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"geometry" jsonb,
	"min_lng" double precision,
	"min_lat" double precision,
	"max_lng" double precision,
	"max_lat" double precision,
	"centroid_lng" double precision,
	"centroid_lat" double precision,
	"area_m2" double precision,
	"population" integer,
	"population_year" integer,
	"population_source_id" text,
	"population_estimated" boolean DEFAULT false NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "territory_zones_zoning_code_unique" UNIQUE("zoning_code","code"),
	CONSTRAINT "territory_zones_code_form" CHECK ("territory_zones"."code" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
	CONSTRAINT "territory_zones_population_positive" CHECK ("territory_zones"."population" IS NULL OR "territory_zones"."population" >= 0),
	CONSTRAINT "territory_zones_measured" CHECK (("territory_zones"."geometry" IS NULL) = ("territory_zones"."min_lng" IS NULL) AND ("territory_zones"."geometry" IS NULL) = ("territory_zones"."area_m2" IS NULL) AND ("territory_zones"."geometry" IS NULL) = ("territory_zones"."centroid_lng" IS NULL))
);
--> statement-breakpoint
-- The hierarchy has a table of its own: no table references itself, so a restore can insert the
-- tables in dependency order without session_replication_role (which the owner role may not set).
-- For the same reason territory_zonings.parent_code has no foreign key: the service checks it under
-- row locks.
CREATE TABLE "territory_zone_parents" (
	"zone_id" uuid PRIMARY KEY NOT NULL,
	"parent_id" uuid NOT NULL,
	CONSTRAINT "territory_zone_parents_not_own_parent" CHECK ("territory_zone_parents"."zone_id" <> "territory_zone_parents"."parent_id")
);
--> statement-breakpoint
ALTER TABLE "territory_zones" ADD CONSTRAINT "territory_zones_zoning_code_territory_zonings_code_fk" FOREIGN KEY ("zoning_code") REFERENCES "public"."territory_zonings"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_zones" ADD CONSTRAINT "territory_zones_population_source_id_territory_sources_id_fk" FOREIGN KEY ("population_source_id") REFERENCES "public"."territory_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_zone_parents" ADD CONSTRAINT "territory_zone_parents_zone_id_territory_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."territory_zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_zone_parents" ADD CONSTRAINT "territory_zone_parents_parent_id_territory_zones_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."territory_zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "territory_zone_parents_parent_idx" ON "territory_zone_parents" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "territory_zones_bbox_idx" ON "territory_zones" USING btree ("zoning_code","min_lng","max_lng");--> statement-breakpoint
DROP TABLE "territory_communes";--> statement-breakpoint
DELETE FROM "module_seeds" WHERE "module" = 'territory';
