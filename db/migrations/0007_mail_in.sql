CREATE TABLE "inbound_mails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" text,
	"from_address" text NOT NULL,
	"recipients" text NOT NULL,
	"subject" text NOT NULL,
	"size" integer NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"matched_by" text,
	"org_id" uuid,
	"ticket_id" uuid,
	"user_id" uuid,
	"event_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "headers" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mails_accepted_message_id" ON "inbound_mails" USING btree ("message_id") WHERE outcome = 'accepted' and message_id is not null;--> statement-breakpoint
CREATE INDEX "inbound_mails_received_idx" ON "inbound_mails" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "mail_messages_message_id_idx" ON "mail_messages" USING btree ("message_id");