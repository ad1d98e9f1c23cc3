CREATE TABLE "delivery_pace" (
	"platform" text PRIMARY KEY NOT NULL,
	"next_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_pending_chat" ON "outbox" USING btree ("platform","chat_external_id","id") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_sent_chat" ON "outbox" USING btree ("platform","chat_external_id","sent_at") WHERE "outbox"."status" = 'sent';