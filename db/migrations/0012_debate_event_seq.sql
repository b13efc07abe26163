-- Each session numbers its own events (debate_events.seq, from debate_sessions.last_event_seq). Existing
-- events keep their id as their number, so a client that resumes with an id it saw before this migration
-- gets exactly what it missed; a session's next event takes the number after its largest.
ALTER TABLE `debate_sessions` ADD `last_event_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `debate_sessions` SET `last_event_seq` = coalesce((SELECT max(`id`) FROM `debate_events` WHERE `debate_events`.`session_id` = `debate_sessions`.`id`), 0);--> statement-breakpoint
CREATE TABLE `__new_debate_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `debate_sessions`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
INSERT INTO `__new_debate_events` (`id`, `session_id`, `seq`, `type`, `data`, `created_at`) SELECT `id`, `session_id`, `id`, `type`, `data`, `created_at` FROM `debate_events`;--> statement-breakpoint
DROP TABLE `debate_events`;--> statement-breakpoint
ALTER TABLE `__new_debate_events` RENAME TO `debate_events`;--> statement-breakpoint
CREATE UNIQUE INDEX `debate_events_session_seq_unique` ON `debate_events` (`session_id`,`seq`);
