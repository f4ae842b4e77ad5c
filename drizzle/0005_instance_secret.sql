CREATE TABLE "instance_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_whatsapp_deliveries" (
	"message_ref" text PRIMARY KEY NOT NULL,
	"conversation_id" uuid,
	"replies" jsonb,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistant_whatsapp_deliveries" ADD CONSTRAINT "assistant_whatsapp_deliveries_conversation_id_assistant_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_whatsapp_deliveries_claimed_idx" ON "assistant_whatsapp_deliveries" USING btree ("claimed_at");