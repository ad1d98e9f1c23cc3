CREATE TABLE "care_ticket_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"branch_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"requested_by" integer NOT NULL,
	"type" text NOT NULL,
	"urgent" boolean NOT NULL,
	"text" text NOT NULL,
	"contact_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" integer,
	"result" text,
	"created_at" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "family_contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"district" text NOT NULL,
	"phone" text NOT NULL,
	"notes" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "home_visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"visitor_id" integer NOT NULL,
	"ticket_id" integer,
	"text" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_duty" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"on_duty" boolean NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_ticket_events" ADD CONSTRAINT "care_ticket_events_ticket_id_care_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."care_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_ticket_events" ADD CONSTRAINT "care_ticket_events_actor_id_members_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tickets" ADD CONSTRAINT "care_tickets_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tickets" ADD CONSTRAINT "care_tickets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tickets" ADD CONSTRAINT "care_tickets_requested_by_members_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tickets" ADD CONSTRAINT "care_tickets_contact_id_family_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."family_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tickets" ADD CONSTRAINT "care_tickets_assignee_id_members_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_contacts" ADD CONSTRAINT "family_contacts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_contacts" ADD CONSTRAINT "family_contacts_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_visitor_id_members_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_ticket_id_care_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."care_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_duty" ADD CONSTRAINT "volunteer_duty_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_ticket_events_ticket" ON "care_ticket_events" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "care_tickets_status" ON "care_tickets" USING btree ("status","urgent");--> statement-breakpoint
CREATE INDEX "care_tickets_member" ON "care_tickets" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "family_contacts_member" ON "family_contacts" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "home_visits_member_at" ON "home_visits" USING btree ("member_id","at");