import "server-only";
import type { PublicUser } from "@/db/queries/users";
import { draftToLesson, type DraftLesson } from "@/lib/authoring/draft";
import { resolveLesson } from "@/lib/authoring/lookup";
import { lessonSchema, type Lesson } from "@/lib/content/schema";

/**
 * The lesson an instructor may preview under this URL segment: the page and its action both load it here, on
 * the server (the action never takes a lesson from the client). A built-in lesson; for its owner, the draft
 * of a lesson written in the browser (what they are working on), once it has no problems; for a colleague, the
 * latest published version of a shared one.
 */
export async function loadPreviewLesson(instructor: PublicUser, segment: string): Promise<Lesson | undefined> {
  const found = await previewOf(instructor, segment);
  return found && "lesson" in found ? found.lesson : undefined;
}

export type Preview = { lesson: Lesson; draft: boolean } | { problems: number };

export async function previewOf(instructor: PublicUser, segment: string): Promise<Preview | undefined> {
  const ref = await resolveLesson(instructor.id, segment);
  if (!ref) return undefined;
  if (ref.kind === "builtin") return { lesson: ref.lesson, draft: false };
  if (!ref.access.mine) return ref.published && { lesson: ref.published.lesson, draft: false };
  const draft = lessonSchema.safeParse(draftToLesson(ref.access.lesson.draft as DraftLesson));
  return draft.success ? { lesson: draft.data, draft: true } : { problems: draft.error.issues.length };
}
