-- Communication, agenda part (src/modules/communication/agenda): events written by agents or
-- imported from OpenAgenda (one row per timing, keyed by external_uid for idempotent re-imports).
CREATE TABLE "communication_agenda_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"zones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source" text DEFAULT 'agent' NOT NULL,
	"source_uid" text,
	"external_uid" text,
	"source_url" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "communication_agenda_events_external_uid_unique" UNIQUE("external_uid"),
	CONSTRAINT "communication_agenda_events_status" CHECK ("status" in ('draft', 'published')),
	CONSTRAINT "communication_agenda_events_end" CHECK ("ends_at" is null or "ends_at" >= "starts_at")
);
--> statement-breakpoint
CREATE INDEX "communication_agenda_events_starts" ON "communication_agenda_events" USING btree ("starts_at");
--> statement-breakpoint
CREATE INDEX "communication_agenda_events_source_uid" ON "communication_agenda_events" USING btree ("source_uid");
