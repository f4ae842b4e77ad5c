-- Communication, alerts: the sending run that holds an outbox row (its claim token), so that a run
-- whose claim lapsed cannot mark sent or failed a row another run took over.
ALTER TABLE "communication_alert_outbox" ADD COLUMN "claim_token" uuid;
--> statement-breakpoint
-- A notice whose item was withdrawn (unpublished, deleted): its pending messages are gone; published
-- again, it is matched again (the messages already sent are not sent twice).
ALTER TABLE "communication_alert_notices" ADD COLUMN "withdrawn_at" timestamp with time zone;
