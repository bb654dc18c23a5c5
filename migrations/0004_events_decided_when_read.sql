-- Visibility of an event is decided when it is read, from its entity's current audience (ADR 014):
-- the frozen audience column goes. Each organisation's reaction gets a version for If-Match.
ALTER TABLE "commitments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "step_done" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_events" DROP COLUMN "audience";