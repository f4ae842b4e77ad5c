-- Communication, acts part (src/modules/communication/acts): council sessions, their acts
-- (deliberations, minutes, decisions, arrêtés) with the text as extracted and its summary computed
-- once, and the original files byte for byte (their SHA-256 on the act). A published act is never
-- deleted (the foreign keys restrict).
CREATE TABLE "communication_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"date" date NOT NULL,
	"body" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communication_acts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'deliberation' NOT NULL,
	"title" text NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"zones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text,
	"votes_for" integer,
	"votes_against" integer,
	"votes_abstention" integer,
	"unanimous" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"text" text DEFAULT '' NOT NULL,
	"text_status" text NOT NULL,
	"summary" jsonb,
	"source" text NOT NULL,
	"scdl" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"filename" text,
	"mimetype" text,
	"file_size" integer,
	"file_sha256" text,
	"knowledge_document_id" uuid,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communication_acts_kind_known" CHECK ("communication_acts"."kind" in ('deliberation', 'minutes', 'decision', 'arrete')),
	CONSTRAINT "communication_acts_status_known" CHECK ("communication_acts"."status" in ('draft', 'published')),
	CONSTRAINT "communication_acts_outcome_known" CHECK ("communication_acts"."outcome" is null or "communication_acts"."outcome" in ('adopted', 'rejected')),
	CONSTRAINT "communication_acts_published_at" CHECK (("communication_acts"."status" = 'published') = ("communication_acts"."published_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "communication_act_files" (
	"act_id" uuid PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "communication_act_files" ADD CONSTRAINT "communication_act_files_act_id_communication_acts_id_fk" FOREIGN KEY ("act_id") REFERENCES "public"."communication_acts"("id") ON DELETE restrict ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "communication_acts" ADD CONSTRAINT "communication_acts_session_id_communication_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."communication_sessions"("id") ON DELETE restrict ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "communication_acts_session_idx" ON "communication_acts" USING btree ("session_id");
--> statement-breakpoint
CREATE INDEX "communication_acts_published_idx" ON "communication_acts" USING btree ("status","published_at");
--> statement-breakpoint
CREATE INDEX "communication_sessions_date_idx" ON "communication_sessions" USING btree ("date");
