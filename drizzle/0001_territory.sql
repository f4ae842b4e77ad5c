CREATE TABLE "territory_communes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"departement" text NOT NULL,
	"population" integer,
	"population_year" integer,
	"area_km2" real,
	"centroid" jsonb NOT NULL,
	"boundary" jsonb NOT NULL,
	"indicators" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"demo" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territory_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"publisher" text NOT NULL,
	"licence" text NOT NULL,
	"file" text NOT NULL,
	"used_for" text NOT NULL
);
