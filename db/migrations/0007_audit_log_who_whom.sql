ALTER TABLE "audit_log" ADD COLUMN "branch_id" integer;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "subject_member_id" integer;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "group_id" integer;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chat_id" integer;--> statement-breakpoint
CREATE INDEX "audit_log_branch_at" ON "audit_log" USING btree ("branch_id","at");--> statement-breakpoint
-- Entries written before these columns: the branch is the actor's, the person acted on is the detail's memberId.
UPDATE "audit_log" SET "branch_id" = "members"."branch_id" FROM "members" WHERE "members"."id" = "audit_log"."actor_member_id";--> statement-breakpoint
UPDATE "audit_log" SET "subject_member_id" = ("detail"->>'memberId')::integer WHERE "detail" ? 'memberId' AND ("detail"->>'memberId') ~ '^[0-9]+$';
