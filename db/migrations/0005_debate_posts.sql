CREATE TABLE `debate_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`number` integer NOT NULL,
	`author_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`side` text NOT NULL,
	`kind` text NOT NULL,
	`reply_to_id` integer,
	`body` text NOT NULL,
	`citations` text NOT NULL,
	`phase` text NOT NULL,
	`hidden_at` integer,
	`hidden_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `debate_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `debate_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `debate_posts_number_idx` ON `debate_posts` (`session_id`,`number`);--> statement-breakpoint
CREATE INDEX `debate_posts_author_idx` ON `debate_posts` (`session_id`,`author_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `debate_votes` (
	`session_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`voter_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`post_id`, `voter_id`),
	FOREIGN KEY (`session_id`) REFERENCES `debate_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`post_id`) REFERENCES `debate_posts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `debate_votes_voter_idx` ON `debate_votes` (`session_id`,`voter_id`);--> statement-breakpoint
ALTER TABLE `debate_sessions` ADD `anonymous` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `debate_sessions` ADD `timer_ends_at` integer;--> statement-breakpoint
ALTER TABLE `debate_sessions` ADD `timer_remaining_ms` integer;