-- Participation (src/modules/participation): consultations, pseudonymous participants, statements
-- voted on (agree / disagree / pass), free contributions, moderation, flags, imports, opinion
-- groups and the synthesis of free text. Ids follow Pol.is where its open-data format needs them:
-- participants and statements carry a number per consultation (`participant`, `comment-id`).
CREATE TABLE "participation_consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"phase" text DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"synthesis_published_at" timestamp with time zone,
	"district_zoning" text,
	"scope_zone_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"moderation_mode" text DEFAULT 'before' NOT NULL,
	"uses_statements" boolean DEFAULT true NOT NULL,
	"uses_contributions" boolean DEFAULT true NOT NULL,
	"participant_statements" boolean DEFAULT true NOT NULL,
	"assembly_id" uuid,
	"polis_attribution" boolean DEFAULT false NOT NULL,
	"next_participant_number" integer DEFAULT 0 NOT NULL,
	"next_statement_number" integer DEFAULT 0 NOT NULL,
	"next_contribution_number" integer DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_consultations_phase_known" CHECK ("participation_consultations"."phase" in ('draft', 'open', 'closed', 'synthesis_published')),
	CONSTRAINT "participation_consultations_moderation_known" CHECK ("participation_consultations"."moderation_mode" in ('before', 'after')),
	CONSTRAINT "participation_consultations_some_form" CHECK ("participation_consultations"."uses_statements" OR "participation_consultations"."uses_contributions")
);
--> statement-breakpoint
CREATE TABLE "participation_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"origin" text DEFAULT 'resident' NOT NULL,
	"token_hash" text,
	"email_sealed" text,
	"email_key" text,
	"email_confirmed_at" timestamp with time zone,
	"email_confirmation_hash" text,
	"email_confirmation_sealed" text,
	"email_confirmation_expires_at" timestamp with time zone,
	"district" text,
	"age_band" text,
	"declared_at" timestamp with time zone,
	"xid" text,
	"polis_group_id" integer,
	"source_position" integer,
	"source_extra" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_participants_number_unique" UNIQUE("consultation_id","number"),
	CONSTRAINT "participation_participants_token_unique" UNIQUE("consultation_id","token_hash"),
	CONSTRAINT "participation_participants_email_unique" UNIQUE("consultation_id","email_key"),
	CONSTRAINT "participation_participants_origin_known" CHECK ("participation_participants"."origin" in ('resident', 'polis', 'seed'))
);
--> statement-breakpoint
CREATE TABLE "participation_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"format" text NOT NULL,
	"report" jsonb NOT NULL,
	"polis_files" jsonb,
	"source_text" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_imports_kind_known" CHECK ("participation_imports"."kind" in ('polis', 'survey', 'interview'))
);
--> statement-breakpoint
CREATE TABLE "participation_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"author_participant_id" uuid,
	"origin" text NOT NULL,
	"text" text NOT NULL,
	"original_text" text,
	"redactions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"is_meta" boolean DEFAULT false NOT NULL,
	"moderation_reason" text,
	"moderation_note" text,
	"moderated_by" text,
	"moderated_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"shingle_bands" text[] DEFAULT '{}'::text[] NOT NULL,
	"address_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_datetime" text,
	"source_position" integer,
	"source_extra" jsonb,
	"polis_agrees_offset" integer DEFAULT 0 NOT NULL,
	"polis_disagrees_offset" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "participation_statements_number_unique" UNIQUE("consultation_id","number"),
	CONSTRAINT "participation_statements_origin_known" CHECK ("participation_statements"."origin" in ('staff', 'resident', 'polis', 'seed')),
	CONSTRAINT "participation_statements_status_known" CHECK ("participation_statements"."status" in ('pending', 'accepted', 'rejected')),
	CONSTRAINT "participation_statements_reason_known" CHECK ("participation_statements"."moderation_reason" IS NULL OR "participation_statements"."moderation_reason" in ('abuse', 'spam', 'personal_data', 'off_topic', 'duplicate', 'other'))
);
--> statement-breakpoint
CREATE TABLE "participation_contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"participant_id" uuid,
	"origin" text NOT NULL,
	"text" text NOT NULL,
	"original_text" text,
	"redactions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"moderation_reason" text,
	"moderation_note" text,
	"moderated_by" text,
	"moderated_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"shingle_bands" text[] DEFAULT '{}'::text[] NOT NULL,
	"address_key" text,
	"district" text,
	"age_band" text,
	"import_id" uuid,
	"source_ref" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_contributions_number_unique" UNIQUE("consultation_id","number"),
	CONSTRAINT "participation_contributions_origin_known" CHECK ("participation_contributions"."origin" in ('resident', 'survey', 'interview', 'staff', 'seed')),
	CONSTRAINT "participation_contributions_status_known" CHECK ("participation_contributions"."status" in ('pending', 'accepted', 'rejected')),
	CONSTRAINT "participation_contributions_reason_known" CHECK ("participation_contributions"."moderation_reason" IS NULL OR "participation_contributions"."moderation_reason" in ('abuse', 'spam', 'personal_data', 'off_topic', 'duplicate', 'other'))
);
--> statement-breakpoint
CREATE TABLE "participation_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"item_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "participation_flags_once" UNIQUE("item_id","participant_id"),
	CONSTRAINT "participation_flags_item_known" CHECK ("participation_flags"."item_type" in ('statement', 'contribution')),
	CONSTRAINT "participation_flags_reason_known" CHECK ("participation_flags"."reason" in ('abuse', 'spam', 'personal_data'))
);
--> statement-breakpoint
CREATE TABLE "participation_votes" (
	"consultation_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"value" smallint NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_votes_pk" PRIMARY KEY("statement_id","participant_id"),
	CONSTRAINT "participation_votes_value_known" CHECK ("participation_votes"."value" in (-1, 0, 1))
);
--> statement-breakpoint
CREATE TABLE "participation_vote_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"value" smallint NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_datetime" text,
	"source_extra" jsonb,
	CONSTRAINT "participation_vote_events_value_known" CHECK ("participation_vote_events"."value" in (-1, 0, 1))
);
--> statement-breakpoint
CREATE TABLE "participation_opinion_groups" (
	"consultation_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_vote_event_id" bigint DEFAULT 0 NOT NULL,
	"votes_counted" integer NOT NULL,
	"participants_counted" integer NOT NULL,
	"result" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	"priorities" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participation_syntheses" (
	"consultation_id" uuid PRIMARY KEY NOT NULL,
	"synthesis" jsonb NOT NULL,
	"machine_run_at" timestamp with time zone NOT NULL,
	"runs" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published" jsonb,
	"published_at" timestamp with time zone,
	"published_by" text,
	"edits" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participation_rate_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "participation_rate_counters_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "participation_participants" ADD CONSTRAINT "participation_participants_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_imports" ADD CONSTRAINT "participation_imports_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_statements" ADD CONSTRAINT "participation_statements_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_statements" ADD CONSTRAINT "participation_statements_author_fk" FOREIGN KEY ("author_participant_id") REFERENCES "public"."participation_participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_contributions" ADD CONSTRAINT "participation_contributions_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_contributions" ADD CONSTRAINT "participation_contributions_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participation_participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_contributions" ADD CONSTRAINT "participation_contributions_import_fk" FOREIGN KEY ("import_id") REFERENCES "public"."participation_imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_flags" ADD CONSTRAINT "participation_flags_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_flags" ADD CONSTRAINT "participation_flags_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_votes" ADD CONSTRAINT "participation_votes_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_votes" ADD CONSTRAINT "participation_votes_statement_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."participation_statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_votes" ADD CONSTRAINT "participation_votes_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_vote_events" ADD CONSTRAINT "participation_vote_events_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_vote_events" ADD CONSTRAINT "participation_vote_events_statement_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."participation_statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_vote_events" ADD CONSTRAINT "participation_vote_events_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_opinion_groups" ADD CONSTRAINT "participation_opinion_groups_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_syntheses" ADD CONSTRAINT "participation_syntheses_consultation_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."participation_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "participation_consultations_phase_idx" ON "participation_consultations" USING btree ("phase","created_at");--> statement-breakpoint
CREATE INDEX "participation_statements_consultation_idx" ON "participation_statements" USING btree ("consultation_id","status");--> statement-breakpoint
CREATE INDEX "participation_statements_bands_idx" ON "participation_statements" USING gin ("shingle_bands");--> statement-breakpoint
CREATE INDEX "participation_statements_fingerprint_idx" ON "participation_statements" USING btree ("consultation_id","fingerprint");--> statement-breakpoint
CREATE INDEX "participation_statements_author_idx" ON "participation_statements" USING btree ("author_participant_id");--> statement-breakpoint
CREATE INDEX "participation_contributions_consultation_idx" ON "participation_contributions" USING btree ("consultation_id","status");--> statement-breakpoint
CREATE INDEX "participation_contributions_bands_idx" ON "participation_contributions" USING gin ("shingle_bands");--> statement-breakpoint
CREATE INDEX "participation_contributions_participant_idx" ON "participation_contributions" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "participation_contributions_address_idx" ON "participation_contributions" USING btree ("consultation_id","address_key","created_at");--> statement-breakpoint
CREATE INDEX "participation_contributions_import_idx" ON "participation_contributions" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "participation_contributions_moderated_idx" ON "participation_contributions" USING btree ("moderated_at") WHERE "participation_contributions"."original_text" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "participation_statements_moderated_idx" ON "participation_statements" USING btree ("moderated_at") WHERE "participation_statements"."original_text" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "participation_flags_item_idx" ON "participation_flags" USING btree ("consultation_id","item_id");--> statement-breakpoint
CREATE INDEX "participation_votes_consultation_idx" ON "participation_votes" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "participation_votes_participant_idx" ON "participation_votes" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "participation_vote_events_consultation_idx" ON "participation_vote_events" USING btree ("consultation_id","id");--> statement-breakpoint
CREATE INDEX "participation_vote_events_statement_idx" ON "participation_vote_events" USING btree ("statement_id");--> statement-breakpoint
CREATE INDEX "participation_vote_events_participant_idx" ON "participation_vote_events" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "participation_participants_consultation_idx" ON "participation_participants" USING btree ("consultation_id","created_at");--> statement-breakpoint
CREATE INDEX "participation_imports_consultation_idx" ON "participation_imports" USING btree ("consultation_id","created_at");--> statement-breakpoint
CREATE INDEX "participation_rate_counters_window_idx" ON "participation_rate_counters" USING btree ("window_start");
