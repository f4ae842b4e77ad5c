-- The audit log becomes append-only in the database itself, and gets signed checkpoints.
--
-- audit_checkpoints: signed heads of the chain (size, last event, last hash, time), Ed25519 with a
-- key kept outside the database (src/platform/audit/checkpoints.ts). Published at
-- GET /api/audit/checkpoints and sent to witnesses, so that truncating or recomputing the chain
-- shows against copies kept elsewhere.
-- audit_prunes: the anchors of retention. `audit_prune_before(cutoff)` deletes the oldest events
-- through a signed checkpoint and leaves the anchor here (and an event in the chain); the retained
-- chain is then verified from that anchor instead of the genesis hash.
--
-- Triggers refuse UPDATE, DELETE and TRUNCATE on the three tables; the only DELETE they let through
-- is that of events already covered by a prune anchor. They are a guard, not a boundary, against
-- the tables' owner (who can disable them): run the application as a role that does not own the
-- tables and holds INSERT and SELECT only on them (README, Operations). Restoring a backup disables
-- them for its own transaction, as their owner.
CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"last_event_id" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"public_key" text NOT NULL,
	"signature" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "audit_checkpoints_size_nonnegative" CHECK ("audit_checkpoints"."size" >= 0),
	CONSTRAINT "audit_checkpoints_reason_known" CHECK ("audit_checkpoints"."reason" in ('start', 'schedule', 'request'))
);
--> statement-breakpoint
CREATE INDEX "audit_checkpoints_last_event_idx" ON "audit_checkpoints" USING btree ("last_event_id");
--> statement-breakpoint
CREATE TABLE "audit_prunes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"checkpoint_id" bigint NOT NULL,
	"through_event_id" bigint NOT NULL,
	"through_hash" text NOT NULL,
	"through_size" bigint NOT NULL,
	"events_deleted" bigint NOT NULL,
	"pruned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pruned_by" text DEFAULT session_user NOT NULL,
	CONSTRAINT "audit_prunes_checkpoint_id_audit_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."audit_checkpoints"("id") ON DELETE no action ON UPDATE no action
);
--> statement-breakpoint
CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An event covered by a retention anchor may go (audit_prune_before deletes it); nothing else may.
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events'
     AND OLD.id <= (SELECT coalesce(max(through_event_id), 0) FROM audit_prunes) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% on % refused: the audit log is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Old events go only through audit_prune_before(cutoff); see README, Operations.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_prunes_append_only" BEFORE UPDATE OR DELETE ON "audit_prunes" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_prunes_no_truncate" BEFORE TRUNCATE ON "audit_prunes" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
--> statement-breakpoint
CREATE FUNCTION "audit_prune_matches_checkpoint"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c audit_checkpoints%ROWTYPE;
BEGIN
  -- An anchor is a signed checkpoint's head, never a point of the writer's choosing: a verifier can
  -- then check the retained chain's starting point against the signature.
  SELECT * INTO c FROM audit_checkpoints WHERE id = NEW.checkpoint_id;
  IF NOT FOUND OR c.last_event_id <> NEW.through_event_id OR c.last_hash <> NEW.through_hash OR c.size <> NEW.through_size THEN
    RAISE EXCEPTION 'a retention anchor must be the head of the checkpoint it names (checkpoint #%)', NEW.checkpoint_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_prunes_anchor_is_checkpoint" BEFORE INSERT ON "audit_prunes" FOR EACH ROW EXECUTE FUNCTION "audit_prune_matches_checkpoint"();
--> statement-breakpoint
-- Retention of the audit log, for an operator (the tables' owner), never for the application:
--   SELECT audit_prune_before('2025-01-01');
-- deletes every event up to the head of the newest checkpoint signed before the cutoff, records that
-- head as the anchor the retained chain starts from, and appends an `audit.pruned` event (hashed
-- here as the application hashes its events, src/platform/audit/chain.ts). It checks that the
-- checkpoint still matches the chain (its last event and the number of events up to it) but cannot
-- recompute every hash: run `npm run audit:verify` first. Returns the number of events deleted.
CREATE FUNCTION "audit_prune_before"(cutoff timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  anchor audit_checkpoints%ROWTYPE;
  previous_size bigint;
  previous_through bigint;
  in_prefix bigint;
  deleted bigint;
  prune_id bigint;
  prev text;
  occurred timestamptz := date_trunc('milliseconds', now());
  after_json text;
  payload text;
BEGIN
  -- The chain lock of src/platform/audit/service.ts: no event is appended while the chain is cut.
  PERFORM pg_advisory_xact_lock(7264102);
  SELECT coalesce(max(through_size), 0), coalesce(max(through_event_id), 0) INTO previous_size, previous_through FROM audit_prunes;
  SELECT * INTO anchor FROM audit_checkpoints
    WHERE signed_at < cutoff AND last_event_id > previous_through
    ORDER BY last_event_id DESC LIMIT 1;
  IF NOT FOUND THEN
    RAISE NOTICE 'no checkpoint signed before % beyond the current anchor: nothing to prune', cutoff;
    RETURN 0;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM audit_events WHERE id = anchor.last_event_id AND hash = anchor.last_hash) THEN
    RAISE EXCEPTION 'the chain does not hold the head of checkpoint #% (event #%): run npm run audit:verify', anchor.id, anchor.last_event_id;
  END IF;
  SELECT count(*) INTO in_prefix FROM audit_events WHERE id <= anchor.last_event_id;
  IF previous_size + in_prefix <> anchor.size THEN
    RAISE EXCEPTION 'checkpoint #% covers % events, the chain holds % up to event #%: run npm run audit:verify',
      anchor.id, anchor.size, previous_size + in_prefix, anchor.last_event_id;
  END IF;

  INSERT INTO audit_prunes (checkpoint_id, through_event_id, through_hash, through_size, events_deleted)
    VALUES (anchor.id, anchor.last_event_id, anchor.last_hash, anchor.size, in_prefix)
    RETURNING id INTO prune_id;
  DELETE FROM audit_events WHERE id <= anchor.last_event_id;
  GET DIAGNOSTICS deleted = ROW_COUNT;

  SELECT coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), anchor.last_hash) INTO prev;
  -- Canonical JSON (keys sorted, no spaces), as canonicalJson() writes it.
  after_json := '{"anchorHash":' || to_json(anchor.last_hash)::text
    || ',"checkpointId":' || anchor.id
    || ',"eventsDeleted":' || deleted
    || ',"throughEventId":' || anchor.last_event_id
    || ',"throughSize":' || anchor.size || '}';
  payload := '{"action":"audit.pruned","actorId":' || to_json(session_user::text)::text
    || ',"actorType":"system","after":' || after_json
    || ',"before":null,"occurredAt":' || to_json(to_char(occurred AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ',"prevHash":' || to_json(prev)::text
    || ',"requestId":null,"subjectId":' || to_json(prune_id::text)::text
    || ',"subjectType":"audit_prune"}';
  INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_type, subject_id, request_id, before, after, prev_hash, hash)
    VALUES (occurred, 'system', session_user, 'audit.pruned', 'audit_prune', prune_id::text, NULL, NULL, after_json::jsonb, prev,
            encode(sha256(convert_to(payload, 'UTF8')), 'hex'));
  RETURN deleted;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "audit_prune_before"(timestamptz) FROM PUBLIC;
