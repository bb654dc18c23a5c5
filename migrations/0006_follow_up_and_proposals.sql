ALTER TABLE "case_members" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "confirmed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "proposed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "proposed_in_case_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_proposed_in_case_id_cases_id_fk" FOREIGN KEY ("proposed_in_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_merged_into_id_organisations_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;