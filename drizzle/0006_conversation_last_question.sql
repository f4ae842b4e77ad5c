ALTER TABLE "assistant_conversations" ADD COLUMN "last_question" text;--> statement-breakpoint
UPDATE "assistant_conversations" c SET "last_question" = (
  SELECT m."text" FROM "assistant_messages" m
  WHERE m."conversation_id" = c."id" AND m."role" = 'user'
  ORDER BY m."id" DESC LIMIT 1);
