-- Retention of residents' data (src/platform/privacy/retention.ts, src/modules/assistant/privacy/).
-- The questions' text in the statistics is erased after its period; the row stays as a count.
ALTER TABLE "assistant_question_log" ALTER COLUMN "question_redacted" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "assistant_question_log_text_kept_idx" ON "assistant_question_log" USING btree ("asked_at") WHERE "assistant_question_log"."question_redacted" IS NOT NULL;--> statement-breakpoint
-- Deleting conversations and tickets in batches: the references to them are found by index.
CREATE INDEX "assistant_tickets_conversation_idx" ON "assistant_tickets" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "assistant_ticket_messages_ticket_idx" ON "assistant_ticket_messages" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "assistant_whatsapp_deliveries_conversation_idx" ON "assistant_whatsapp_deliveries" USING btree ("conversation_id");--> statement-breakpoint
-- The conversations' period moves from `assistant.answering` to `assistant.retention`, keeping the
-- value an administrator set (the other periods take their defaults, as in privacy/settings.ts).
INSERT INTO "settings" ("key", "value", "updated_at", "updated_by")
SELECT 'assistant.retention',
       jsonb_build_object('conversationsDays', "value"->'retentionDays', 'ticketsDays', 365, 'questionLogDays', 90),
       "updated_at", "updated_by"
FROM "settings"
WHERE "key" = 'assistant.answering' AND jsonb_typeof("value"->'retentionDays') = 'number'
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
UPDATE "settings" SET "value" = "value" - 'retentionDays' WHERE "key" = 'assistant.answering' AND "value"->'retentionDays' IS NOT NULL;--> statement-breakpoint
-- The platform's nightly job (`platform.retention`) replaces the assistant's own purge.
DELETE FROM "jobs" WHERE "kind" = 'assistant.purge_conversations' AND "status" = 'queued';
