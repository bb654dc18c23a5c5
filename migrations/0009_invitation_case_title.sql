ALTER TABLE "invitations" ADD COLUMN "case_title" text;--> statement-breakpoint
-- Invitations sent before this column existed: the name their case has now is the best known.
UPDATE "invitations" SET "case_title" = (SELECT "title" FROM "cases" WHERE "cases"."id" = "invitations"."case_id");
