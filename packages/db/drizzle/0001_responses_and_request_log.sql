CREATE TABLE "stored_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"api_key_id" text NOT NULL,
	"response" jsonb NOT NULL,
	"input" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "limits" jsonb;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "endpoint" text;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "attempts" integer;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "error_message" text;--> statement-breakpoint
CREATE INDEX "stored_responses_expires_at_idx" ON "stored_responses" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "usage_records_created_at_id_idx" ON "usage_records" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "usage_records_public_id_created_at_id_idx" ON "usage_records" USING btree ("public_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "usage_records_status_created_at_id_idx" ON "usage_records" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);