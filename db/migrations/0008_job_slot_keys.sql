ALTER TABLE "job_runs" ADD COLUMN "key" text;--> statement-breakpoint
-- Slots claimed before keys existed keep their claim: the key is the old (group, date, slot) in the form the jobs
-- now write (src/jobs/job.ts slotKey), group 0 meaning "no group".
UPDATE "job_runs" SET "key" = CASE WHEN "group_id" = 0 THEN "local_date"::text || ':' || "slot" ELSE 'g' || "group_id" || ':' || "local_date"::text || ':' || "slot" END;
