CREATE TABLE "assistant_conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"external_ref" text,
	"language" text DEFAULT 'fr' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_feedback" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"helpful" boolean NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"decision" text,
	"confidence" real,
	"citations" jsonb,
	"trace" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_question_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"question_redacted" text NOT NULL,
	"decision" text NOT NULL,
	"confidence" real,
	"top_document_id" text,
	"generation" text DEFAULT 'none' NOT NULL,
	"retrieval" text DEFAULT 'lexical' NOT NULL,
	"message_id" bigint,
	"handed_off" boolean DEFAULT false NOT NULL,
	"helpful" boolean,
	"feedback_tags" jsonb
);
--> statement-breakpoint
CREATE TABLE "assistant_ticket_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author" text NOT NULL,
	"author_id" text,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"public_code" text NOT NULL,
	"access_token_hash" text NOT NULL,
	"conversation_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" text,
	"subject" text NOT NULL,
	"transcript" jsonb NOT NULL,
	"contact_email" text,
	"language" text DEFAULT 'fr' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_tickets_public_code_unique" UNIQUE("public_code")
);
--> statement-breakpoint
ALTER TABLE "assistant_feedback" ADD CONSTRAINT "assistant_feedback_message_id_assistant_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."assistant_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_messages" ADD CONSTRAINT "assistant_messages_conversation_id_assistant_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_question_log" ADD CONSTRAINT "assistant_question_log_message_id_assistant_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."assistant_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_ticket_messages" ADD CONSTRAINT "assistant_ticket_messages_ticket_id_assistant_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."assistant_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_tickets" ADD CONSTRAINT "assistant_tickets_conversation_id_assistant_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_conversations_last_idx" ON "assistant_conversations" USING btree ("last_message_at");--> statement-breakpoint
CREATE INDEX "assistant_conversations_ext_idx" ON "assistant_conversations" USING btree ("external_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "assistant_feedback_message_uq" ON "assistant_feedback" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "assistant_messages_conv_idx" ON "assistant_messages" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "assistant_messages_created_idx" ON "assistant_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "assistant_question_log_asked_idx" ON "assistant_question_log" USING btree ("asked_at");--> statement-breakpoint
CREATE INDEX "assistant_question_log_message_idx" ON "assistant_question_log" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "assistant_tickets_status_idx" ON "assistant_tickets" USING btree ("status","updated_at");