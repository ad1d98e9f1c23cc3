ALTER TABLE "checkins" ADD COLUMN "safety_level" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "peak_level" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "peak_text" text;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "alerted_terms" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "help" text;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
UPDATE "checkins" SET "safety_level" = 'urgent', "peak_level" = 'urgent', "peak_text" = "raw_text" WHERE "unsafe";
