ALTER TABLE "job_runs" DROP CONSTRAINT "job_runs_job_group_id_local_date_slot_pk";--> statement-breakpoint
ALTER TABLE "job_runs" ALTER COLUMN "key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_job_key_pk" PRIMARY KEY("job","key");--> statement-breakpoint
ALTER TABLE "job_runs" DROP COLUMN "group_id";--> statement-breakpoint
ALTER TABLE "job_runs" DROP COLUMN "local_date";--> statement-breakpoint
ALTER TABLE "job_runs" DROP COLUMN "slot";