-- Observatory (src/modules/observatory): the indicator catalogue with its sources, values per
-- (indicator, zone, year) — missing and secret values kept as such, never as zero — the imports
-- they came from, references (France), the data version analyses are cached by, and the analysts'
-- reviews of proposed priority zones. Zones are named by their zoning's code and their own code,
-- as the territory module keeps them (no foreign key into its tables: zonings are re-imported).
CREATE TABLE "observatory_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"publisher" text NOT NULL,
	"licence" text NOT NULL,
	"url" text,
	"used_for" text DEFAULT '' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observatory_indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"theme" text NOT NULL,
	"unit" text NOT NULL,
	"direction" text NOT NULL,
	"aggregation" text NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text NOT NULL,
	"phrase_fr" text NOT NULL,
	"phrase_en" text NOT NULL,
	"description_fr" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"numerator_fr" text,
	"numerator_en" text,
	"denominator_fr" text,
	"denominator_en" text,
	"denominator_code" text,
	"source_id" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observatory_indicators_theme_known" CHECK ("observatory_indicators"."theme" in ('income', 'poverty', 'unemployment', 'housing', 'digital', 'services', 'population')),
	CONSTRAINT "observatory_indicators_unit_known" CHECK ("observatory_indicators"."unit" in ('percent', 'euros', 'ratio', 'inhabitants', 'count', 'per-1000', 'km', 'minutes', 'index')),
	CONSTRAINT "observatory_indicators_direction_known" CHECK ("observatory_indicators"."direction" in ('higher-is-better', 'higher-is-worse', 'neutral')),
	CONSTRAINT "observatory_indicators_aggregation_known" CHECK ("observatory_indicators"."aggregation" in ('ratio', 'mean', 'sum', 'none'))
);
--> statement-breakpoint
CREATE TABLE "observatory_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zoning_code" text NOT NULL,
	"filename" text NOT NULL,
	"sha256" text NOT NULL,
	"encoding" text,
	"separator" text,
	"layout" text,
	"rows" integer DEFAULT 0 NOT NULL,
	"values" integer DEFAULT 0 NOT NULL,
	"series" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observatory_values" (
	"indicator_code" text NOT NULL,
	"zoning_code" text NOT NULL,
	"year" integer NOT NULL,
	"zone_code" text NOT NULL,
	"value" double precision,
	"status" text NOT NULL,
	"import_id" uuid,
	CONSTRAINT "observatory_values_pk" PRIMARY KEY("indicator_code","zoning_code","year","zone_code"),
	CONSTRAINT "observatory_values_status_known" CHECK ("observatory_values"."status" in ('observed', 'missing', 'secret')),
	CONSTRAINT "observatory_values_value_iff_observed" CHECK (("observatory_values"."status" = 'observed') = ("observatory_values"."value" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "observatory_references" (
	"indicator_code" text NOT NULL,
	"scope" text NOT NULL,
	"year" integer NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "observatory_references_pk" PRIMARY KEY("indicator_code","scope","year"),
	CONSTRAINT "observatory_references_scope_known" CHECK ("observatory_references"."scope" in ('france'))
);
--> statement-breakpoint
CREATE TABLE "observatory_data_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observatory_data_version_single" CHECK ("observatory_data_version"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "observatory_zone_reviews" (
	"zoning_code" text NOT NULL,
	"zone_code" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"analysis_key" text NOT NULL,
	"points" double precision,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observatory_zone_reviews_pk" PRIMARY KEY("zoning_code","zone_code"),
	CONSTRAINT "observatory_zone_reviews_status_known" CHECK ("observatory_zone_reviews"."status" in ('proposed', 'accepted', 'set_aside'))
);
--> statement-breakpoint
ALTER TABLE "observatory_indicators" ADD CONSTRAINT "observatory_indicators_source_id_observatory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."observatory_sources"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "observatory_values" ADD CONSTRAINT "observatory_values_indicator_code_observatory_indicators_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."observatory_indicators"("code") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "observatory_values" ADD CONSTRAINT "observatory_values_import_id_observatory_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."observatory_imports"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "observatory_references" ADD CONSTRAINT "observatory_references_indicator_code_observatory_indicators_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."observatory_indicators"("code") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "observatory_values_zone_idx" ON "observatory_values" USING btree ("zoning_code","zone_code");
