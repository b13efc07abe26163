import "server-only";
import type { PublicUser } from "@/db/queries/users";
import { findLesson } from "@/lib/content/lessons";
import type { Lesson } from "@/lib/content/schema";

/**
 * The lesson an instructor may preview under this URL segment: the page and its action both load it
 * here, on the server (the action never takes a lesson from the client). Built-in file lessons for now;
 * the one place to add database lessons and drafts (owned by `instructor`).
 */
export async function loadPreviewLesson(_instructor: PublicUser, segment: string): Promise<Lesson | undefined> {
  return findLesson(segment);
}
