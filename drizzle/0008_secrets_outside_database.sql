-- The instance secret leaves the database for a key file (BEFFROI_KEYS_DIR/instance.key) or
-- BEFFROI_SECRET. The row stays as a marker: the key's fingerprint (a keyed hash that reveals nothing
-- of the key) and where it comes from, so that a start with a missing or different key is refused
-- instead of silently sealing with a new key. "value" becomes nullable rather than dropped: the
-- application moves an existing secret out once at start (then empties it), and backups made before
-- this migration still restore.
ALTER TABLE "instance_secrets" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "instance_secrets" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "instance_secrets" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "instance_secrets" ADD CONSTRAINT "instance_secrets_value_or_fingerprint" CHECK ("instance_secrets"."value" IS NOT NULL OR "instance_secrets"."fingerprint" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "instance_secrets" ADD CONSTRAINT "instance_secrets_source_known" CHECK ("instance_secrets"."source" IS NULL OR "instance_secrets"."source" in ('file', 'env'));
