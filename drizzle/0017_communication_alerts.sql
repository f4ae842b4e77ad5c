-- Communication, alerts part (src/modules/communication/alerts): residents' subscriptions (e-mail
-- with double opt-in, or browser push; addresses and push endpoints sealed), the notices other parts
-- record, the per-recipient outbox (one row per subscription and notice: never sent twice, kept
-- while the SMTP server is down), news written by agents, rate counters and the VAPID key pair.
CREATE TABLE "communication_alert_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"email_sealed" text,
	"email_key" text,
	"push_sealed" text,
	"push_key" text,
	"manage_token_hash" text NOT NULL,
	"manage_token_sealed" text NOT NULL,
	"confirm_token_hash" text,
	"confirm_token_sealed" text,
	"expires_at" timestamp with time zone,
	"whole_commune" boolean DEFAULT false NOT NULL,
	"zones" text[] DEFAULT '{}'::text[] NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"frequency" text NOT NULL,
	"language" text DEFAULT 'fr' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	CONSTRAINT "communication_alert_subscriptions_channel_data" CHECK (("channel" = 'email' AND "email_key" IS NOT NULL) OR ("channel" = 'push' AND "push_key" IS NOT NULL)),
	CONSTRAINT "communication_alert_subscriptions_status_known" CHECK ("status" in ('pending', 'confirmed', 'unsubscribed')),
	CONSTRAINT "communication_alert_subscriptions_frequency_known" CHECK ("frequency" in ('immediate', 'daily', 'weekly'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "communication_alert_subscriptions_email_key" ON "communication_alert_subscriptions" USING btree ("email_key");--> statement-breakpoint
CREATE UNIQUE INDEX "communication_alert_subscriptions_push_key" ON "communication_alert_subscriptions" USING btree ("push_key");--> statement-breakpoint
CREATE UNIQUE INDEX "communication_alert_subscriptions_manage" ON "communication_alert_subscriptions" USING btree ("manage_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "communication_alert_subscriptions_confirm" ON "communication_alert_subscriptions" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE TABLE "communication_alert_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"path" text NOT NULL,
	"topics" text[] NOT NULL,
	"zones" text[] NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"matched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "communication_alert_notices_source" ON "communication_alert_notices" USING btree ("source","source_id");--> statement-breakpoint
CREATE TABLE "communication_alert_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"notice_id" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communication_alert_outbox_status_known" CHECK ("status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "communication_alert_outbox_once" ON "communication_alert_outbox" USING btree ("subscription_id","notice_id");--> statement-breakpoint
CREATE INDEX "communication_alert_outbox_due" ON "communication_alert_outbox" USING btree ("status","due_at");--> statement-breakpoint
ALTER TABLE "communication_alert_outbox" ADD CONSTRAINT "communication_alert_outbox_subscription_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."communication_alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_alert_outbox" ADD CONSTRAINT "communication_alert_outbox_notice_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."communication_alert_notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "communication_news" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"zones" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "communication_news_status_known" CHECK ("status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX "communication_news_published" ON "communication_news" USING btree ("status","published_at");--> statement-breakpoint
CREATE TABLE "communication_alert_rate_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "communication_alert_rate_counters_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "communication_alert_vapid" (
	"id" integer PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
