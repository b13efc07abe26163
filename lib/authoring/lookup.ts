import "server-only";
import { db } from "@/db/client";
import { findReadableLesson, latestVersion, listLessonsFor, type LessonAccess, type PublishedVersion } from "@/db/queries/lessons";
import { findLesson, listLessons } from "@/lib/content/lessons";
import type { Lesson } from "@/lib/content/schema";
import { parseId } from "@/lib/ids";

/*
 * One way to name a lesson in URLs and forms: a built-in lesson (content/lessons) by its file id, a lesson
 * written in the browser by its row id (all digits). A built-in file named only with digits would be shadowed,
 * so content ids are expected to contain a letter (every real one does).
 */
export type LessonRef =
  | { kind: "builtin"; lesson: Lesson }
  | { kind: "authored"; access: LessonAccess; published: PublishedVersion | undefined };

export async function resolveLesson(instructorId: number, segment: string): Promise<LessonRef | undefined> {
  const rowId = parseId(segment);
  if (rowId === null) {
    const lesson = findLesson(segment);
    return lesson && { kind: "builtin", lesson };
  }
  const access = await findReadableLesson(db, instructorId, rowId);
  if (!access) return undefined;
  // Someone else's shared lesson is read through its published versions only: the draft is the owner's.
  const published = await latestVersion(db, rowId);
  if (!access.mine && !published) return undefined;
  return { kind: "authored", access, published };
}

/** The lessons an instructor can assign: built-in ones, then their own and shared published ones. */
export async function assignableLessons(instructorId: number): Promise<{ value: string; label: string }[]> {
  const { mine, shared } = await listLessonsFor(db, instructorId);
  return [
    ...listLessons().map((l) => ({ value: l.id, label: l.title })),
    ...mine.filter((l) => l.published).map((l) => ({ value: String(l.id), label: `${l.published!.lesson.title} (yours, version ${l.published!.version})` })),
    ...shared.map((l) => ({ value: String(l.id), label: `${l.published!.lesson.title} (shared by ${l.ownerName})` })),
  ];
}
