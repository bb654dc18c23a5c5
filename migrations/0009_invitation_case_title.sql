ALTER TABLE "invitations" ADD COLUMN "case_title" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "case_gemeente" text;--> statement-breakpoint
-- Invitations sent before these columns existed: what their case says now is the best known.
UPDATE "invitations" SET "case_title" = "cases"."title", "case_gemeente" = "cases"."gemeente" FROM "cases" WHERE "cases"."id" = "invitations"."case_id";
