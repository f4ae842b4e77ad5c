CREATE TABLE "login_throttles" (
	"scope" text NOT NULL,
	"account_key" text DEFAULT '' NOT NULL,
	"client_key" text DEFAULT '' NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone,
	"blocked_until" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	CONSTRAINT "login_throttles_pk" PRIMARY KEY("scope","account_key","client_key"),
	CONSTRAINT "login_throttles_scope_known" CHECK ("login_throttles"."scope" in ('account', 'account_client', 'client'))
);
--> statement-breakpoint
CREATE INDEX "login_throttles_account_idx" ON "login_throttles" USING btree ("account_key");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";