-- The id a student's post form gives each post: the same form sent again (a retry after a lost answer)
-- finds its post instead of posting twice. Earlier posts have none (NULLs never clash in a unique index).
ALTER TABLE "debate_posts" ADD COLUMN "client_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "debate_posts_client_idx" ON "debate_posts" USING btree ("session_id","author_id","client_id");