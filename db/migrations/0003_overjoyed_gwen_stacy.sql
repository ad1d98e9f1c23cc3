CREATE TABLE "delivery_holds" (
	"platform" text NOT NULL,
	"chat_external_id" text NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "delivery_holds_platform_chat_external_id_pk" PRIMARY KEY("platform","chat_external_id")
);
