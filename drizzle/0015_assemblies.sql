-- Assemblies (src/modules/assemblies): citizens' assemblies drawn by lot. An assembly's quotas,
-- its pool of volunteers (personal data for the organisers only, anonymised at the assembly's
-- deletion date), the distributions computed for it (LEXIMIN, MAXIMIN, LEGACY), the public draw
-- (commitment, then seed and panel) and the replacements of dropouts.
-- No table references itself (a restore inserts tables in dependency order).
CREATE TABLE "assemblies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"panel_size" integer NOT NULL,
	"quotas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"one_per_household" boolean DEFAULT false NOT NULL,
	"algorithm" text DEFAULT 'leximin' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"deletion_date" date NOT NULL,
	"personal_data_deleted_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assemblies_status_known" CHECK ("status" in ('draft', 'computed', 'published', 'drawn')),
	CONSTRAINT "assemblies_algorithm_known" CHECK ("algorithm" in ('leximin', 'maximin')),
	CONSTRAINT "assemblies_panel_size_positive" CHECK ("panel_size" > 0)
);
--> statement-breakpoint
CREATE TABLE "assembly_volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"pseudonym" text NOT NULL,
	"external_id" text,
	"line" integer NOT NULL,
	"features" jsonb NOT NULL,
	"address" text,
	"personal" jsonb,
	"status" text DEFAULT 'pool' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assembly_volunteers_pseudonym_unique" UNIQUE("assembly_id","pseudonym"),
	CONSTRAINT "assembly_volunteers_external_id_unique" UNIQUE("assembly_id","external_id"),
	CONSTRAINT "assembly_volunteers_status_known" CHECK ("status" in ('pool', 'selected', 'dropped', 'replacement'))
);
--> statement-breakpoint
CREATE TABLE "assembly_distributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"algorithm" text NOT NULL,
	"probabilities" jsonb NOT NULL,
	"minimum" double precision NOT NULL,
	"gini" double precision NOT NULL,
	"certificate" jsonb,
	"published" jsonb,
	"published_sha256" text,
	"stats" jsonb NOT NULL,
	"computed_by" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assembly_distributions_algorithm_unique" UNIQUE("assembly_id","algorithm"),
	CONSTRAINT "assembly_distributions_algorithm_known" CHECK ("algorithm" in ('leximin', 'maximin', 'legacy'))
);
--> statement-breakpoint
CREATE TABLE "assembly_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"distribution" jsonb NOT NULL,
	"algorithm" text NOT NULL,
	"announcement" jsonb NOT NULL,
	"secret_sealed" text,
	"announced_by" text,
	"announced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"record" jsonb,
	"drawn_by" text,
	"drawn_at" timestamp with time zone,
	CONSTRAINT "assembly_draws_assembly_unique" UNIQUE("assembly_id")
);
--> statement-breakpoint
CREATE TABLE "assembly_replacements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"dropouts" jsonb NOT NULL,
	"replacements" jsonb NOT NULL,
	"panel" jsonb NOT NULL,
	"seed" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assembly_volunteers" ADD CONSTRAINT "assembly_volunteers_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_distributions" ADD CONSTRAINT "assembly_distributions_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_draws" ADD CONSTRAINT "assembly_draws_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_replacements" ADD CONSTRAINT "assembly_replacements_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assembly_volunteers_assembly_idx" ON "assembly_volunteers" USING btree ("assembly_id","line");--> statement-breakpoint
CREATE INDEX "assembly_replacements_assembly_idx" ON "assembly_replacements" USING btree ("assembly_id","created_at");
