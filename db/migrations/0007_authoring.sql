CREATE TABLE `lesson_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lesson_id` integer NOT NULL,
	`version` integer NOT NULL,
	`content` text NOT NULL,
	`published_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_versions_lesson_version_unique` ON `lesson_versions` (`lesson_id`,`version`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`sharing` text DEFAULT 'private' NOT NULL,
	`title` text NOT NULL,
	`draft` text NOT NULL,
	`draft_revision` integer DEFAULT 1 NOT NULL,
	`published_revision` integer,
	`id_ledger` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lessons_sharing_check" CHECK("lessons"."sharing" in ('private','shared'))
);
--> statement-breakpoint
CREATE INDEX `lessons_owner_idx` ON `lessons` (`owner_id`);--> statement-breakpoint
ALTER TABLE `assignments` ADD `lesson_version_id` integer REFERENCES lesson_versions(id);