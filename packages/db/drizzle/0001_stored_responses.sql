CREATE TABLE "stored_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"api_key_id" text NOT NULL,
	"response" jsonb NOT NULL,
	"input" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stored_responses_expires_at_idx" ON "stored_responses" USING btree ("expires_at");