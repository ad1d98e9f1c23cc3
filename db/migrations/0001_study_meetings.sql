CREATE TABLE "meeting_attendance" (
	"meeting_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"status" text NOT NULL,
	"expected" boolean DEFAULT true NOT NULL,
	"mode" text,
	"place" text,
	"place_name" text,
	"source_chat_id" integer,
	"reason" text,
	"by_leave" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_attendance_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"branch_id" integer NOT NULL,
	"group_id" integer,
	"type" text NOT NULL,
	"topic" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"tz" text NOT NULL,
	"mode" text NOT NULL,
	"link" text,
	"organiser_id" integer NOT NULL,
	"minutes" text,
	"minutes_by" integer,
	"minutes_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "main_classrooms" (
	"branch_id" integer PRIMARY KEY NOT NULL,
	"chat_id" integer NOT NULL,
	"set_by" integer,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_assignees" (
	"item_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "study_assignees_item_id_member_id_pk" PRIMARY KEY("item_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "study_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"branch_id" integer NOT NULL,
	"group_id" integer,
	"kind" text DEFAULT 'study' NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"deadline" timestamp with time zone,
	"tz" text NOT NULL,
	"meeting_id" integer,
	"relay_cron" text,
	"relay_set_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_note_edits" (
	"id" serial PRIMARY KEY NOT NULL,
	"note_id" integer NOT NULL,
	"previous" text NOT NULL,
	"edited_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"passage_no" integer DEFAULT 0 NOT NULL,
	"note" text NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_passages" (
	"item_id" integer NOT NULL,
	"no" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "study_passages_item_id_no_pk" PRIMARY KEY("item_id","no")
);
--> statement-breakpoint
CREATE TABLE "study_relay_posts" (
	"item_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"passage_no" integer NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "study_relay_posts_item_id_group_id_passage_no_pk" PRIMARY KEY("item_id","group_id","passage_no")
);
--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_source_chat_id_chats_id_fk" FOREIGN KEY ("source_chat_id") REFERENCES "public"."chats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_organiser_id_members_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_minutes_by_members_id_fk" FOREIGN KEY ("minutes_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "main_classrooms" ADD CONSTRAINT "main_classrooms_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "main_classrooms" ADD CONSTRAINT "main_classrooms_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "main_classrooms" ADD CONSTRAINT "main_classrooms_set_by_members_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_assignees" ADD CONSTRAINT "study_assignees_item_id_study_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."study_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_assignees" ADD CONSTRAINT "study_assignees_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_items" ADD CONSTRAINT "study_items_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_items" ADD CONSTRAINT "study_items_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_items" ADD CONSTRAINT "study_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_items" ADD CONSTRAINT "study_items_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_note_edits" ADD CONSTRAINT "study_note_edits_note_id_study_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."study_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_notes" ADD CONSTRAINT "study_notes_item_id_study_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."study_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_notes" ADD CONSTRAINT "study_notes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_passages" ADD CONSTRAINT "study_passages_item_id_study_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."study_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_relay_posts" ADD CONSTRAINT "study_relay_posts_item_id_study_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."study_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_relay_posts" ADD CONSTRAINT "study_relay_posts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meetings_branch_start" ON "meetings" USING btree ("branch_id","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_open_end" ON "meetings" USING btree ("ends_at") WHERE "meetings"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "study_assignees_member" ON "study_assignees" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "study_items_branch" ON "study_items" USING btree ("branch_id","created_at");--> statement-breakpoint
CREATE INDEX "study_items_deadline" ON "study_items" USING btree ("deadline") WHERE "study_items"."deadline" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "study_items_makeup" ON "study_items" USING btree ("meeting_id") WHERE "study_items"."meeting_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "study_notes_item_member_passage" ON "study_notes" USING btree ("item_id","member_id","passage_no");--> statement-breakpoint
CREATE INDEX "study_notes_member" ON "study_notes" USING btree ("member_id");