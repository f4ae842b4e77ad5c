-- Communication, alerts: the sending run that holds an outbox row (its claim token), so that a run
-- whose claim lapsed cannot mark sent or failed a row another run took over.
ALTER TABLE "communication_alert_outbox" ADD COLUMN "claim_token" uuid;
