CREATE TABLE "calendar_days" (
	"local_date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"entered_by" integer,
	"entered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_entered_by_members_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;