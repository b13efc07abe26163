CREATE TABLE `debate_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`name` text NOT NULL,
	`side` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `debate_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `debate_groups_session_idx` ON `debate_groups` (`session_id`);--> statement-breakpoint
ALTER TABLE `debate_participants` ADD `group_id` integer REFERENCES debate_groups(id);--> statement-breakpoint
ALTER TABLE `debate_sessions` ADD `opposite_sides` integer DEFAULT false NOT NULL;