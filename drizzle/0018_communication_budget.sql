-- Communication, budget part (src/modules/communication/budget): budget documents (a budget voted or
-- the accounts of one year of one budget, by SIRET), their lines (amounts in cents) and the
-- deviations their import reported.
CREATE TABLE "communication_budget_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"siret" text NOT NULL,
	"entity_name" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"nomenclature" text,
	"format" text NOT NULL,
	"filename" text NOT NULL,
	"document_population" integer,
	"population" integer,
	"deviations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lines_read" integer NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	"imported_by" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communication_budget_documents_one" UNIQUE("siret","year","kind"),
	CONSTRAINT "communication_budget_documents_kind" CHECK ("kind" in ('BP', 'BS', 'DM', 'CA')),
	CONSTRAINT "communication_budget_documents_population" CHECK ("population" is null or "population" > 0)
);
--> statement-breakpoint
CREATE TABLE "communication_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"ref" integer NOT NULL,
	"section" text NOT NULL,
	"direction" text NOT NULL,
	"real" boolean NOT NULL,
	"chapter" text,
	"chapter_label" text,
	"nature" text NOT NULL,
	"nature_label" text,
	"fonction" text,
	"fonction_label" text,
	"operation" text,
	"planned" bigint,
	"realised" bigint,
	"open" bigint
);
--> statement-breakpoint
ALTER TABLE "communication_budget_lines" ADD CONSTRAINT "communication_budget_lines_document_id_communication_budget_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."communication_budget_documents"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "communication_budget_lines_document" ON "communication_budget_lines" USING btree ("document_id");
