ALTER TABLE "usage_records" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;