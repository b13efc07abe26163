CREATE TABLE `assignment_extensions` (
	`assignment_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`due_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`assignment_id`, `student_id`),
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `attempt_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`number` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`score` real,
	`max_score` real,
	`responses` text NOT NULL,
	`returned_at` integer NOT NULL,
	`returned_by` integer NOT NULL,
	`return_note` text,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`returned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attempt_submissions_attempt_number_unique` ON `attempt_submissions` (`attempt_id`,`number`);--> statement-breakpoint
CREATE TABLE `class_teachers` (
	`class_id` integer NOT NULL,
	`instructor_id` integer NOT NULL,
	`added_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`class_id`, `instructor_id`),
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instructor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_teachers_instructor_idx` ON `class_teachers` (`instructor_id`);--> statement-breakpoint
ALTER TABLE `assignments` ADD `late_policy` text DEFAULT 'accept' NOT NULL;--> statement-breakpoint
ALTER TABLE `assignments` ADD `instructions` text;--> statement-breakpoint
ALTER TABLE `assignments` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `attempts` ADD `returned_at` integer;--> statement-breakpoint
ALTER TABLE `attempts` ADD `returned_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `attempts` ADD `return_note` text;--> statement-breakpoint
ALTER TABLE `classes` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `reading_prefs` text;