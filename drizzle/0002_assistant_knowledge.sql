CREATE TABLE "assistant_document_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"source_format" text NOT NULL,
	"original_filename" text,
	"content_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"service" text,
	"language" text DEFAULT 'fr' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"source_url" text,
	"demo" boolean DEFAULT false NOT NULL,
	"current_version_id" uuid,
	"content_hash" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"validated_by" text,
	"validated_at" timestamp with time zone,
	CONSTRAINT "assistant_documents_validity_chk" CHECK ("assistant_documents"."valid_from" IS NULL OR "assistant_documents"."valid_until" IS NULL OR "assistant_documents"."valid_from" <= "assistant_documents"."valid_until")
);
--> statement-breakpoint
CREATE TABLE "assistant_index_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_index_state_single_row" CHECK ("assistant_index_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "assistant_passage_embeddings" (
	"passage_id" uuid NOT NULL,
	"model" text NOT NULL,
	"vector" real[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_passage_embeddings_passage_id_model_pk" PRIMARY KEY("passage_id","model")
);
--> statement-breakpoint
CREATE TABLE "assistant_passages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"heading" text,
	"text" text NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"terms" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"filename" text NOT NULL,
	"media_type" text,
	"format" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_vocabulary" (
	"id" uuid PRIMARY KEY NOT NULL,
	"term" text NOT NULL,
	"expansions" text[] NOT NULL,
	"kind" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistant_document_versions" ADD CONSTRAINT "assistant_document_versions_document_id_assistant_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."assistant_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_passage_embeddings" ADD CONSTRAINT "assistant_passage_embeddings_passage_id_assistant_passages_id_fk" FOREIGN KEY ("passage_id") REFERENCES "public"."assistant_passages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_passages" ADD CONSTRAINT "assistant_passages_document_id_assistant_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."assistant_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_passages" ADD CONSTRAINT "assistant_passages_version_id_assistant_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."assistant_document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assistant_document_versions_doc_version_uq" ON "assistant_document_versions" USING btree ("document_id","version");--> statement-breakpoint
CREATE INDEX "assistant_documents_status_idx" ON "assistant_documents" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "assistant_documents_source_url_idx" ON "assistant_documents" USING btree ("source_url");--> statement-breakpoint
CREATE INDEX "assistant_documents_hash_idx" ON "assistant_documents" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "assistant_passages_document_idx" ON "assistant_passages" USING btree ("document_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "assistant_vocabulary_term_uq" ON "assistant_vocabulary" USING btree (lower("term"));