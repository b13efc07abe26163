"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db/client";
import { publishLesson, saveDraft } from "@/db/queries/lessons";
import { DRAFT_MAX_BYTES, draftLessonSchema, type DraftLesson } from "@/lib/authoring/draft";
import { z } from "zod";
import { getApiUser, requireRole } from "@/lib/auth/guards";
import { UNREADABLE_REQUEST } from "@/lib/forms";

/*
 * The editor's two calls. They are public endpoints like every server action: the owner is checked on every
 * call (by the queries, which only touch a lesson of the caller), and the draft is parsed, never trusted.
 */

export type SaveReply =
  | { status: "saved"; revision: number; savedAt: number; renamed: Record<string, string>; draft?: DraftLesson }
  | { status: "conflict"; message: string }
  /** `signedOut`: the session ended; the editor keeps the changes and tries again until it is back. */
  | { status: "error"; message: string; signedOut?: true };

const SIGNED_OUT = "You are signed out, so your latest changes are not saved yet. Sign in again in another tab: they are saved as soon as you are back (keep this tab open).";
const NOT_YOURS = "This lesson does not exist or is not yours to edit.";
const CONFLICT = "This lesson was changed in another tab or window since this page loaded. Reload to continue from the latest version.";

function isRevision(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

const saveIdSchema = z.object({ id: z.string().max(64).optional(), lost: z.string().max(64).optional() }).optional();

export async function saveLessonDraftAction(lessonId: unknown, revision: unknown, json: unknown, saveIds?: unknown): Promise<SaveReply> {
  // Called in the background: a redirect to sign in would leave the page and its unsaved changes behind.
  const instructor = await getApiUser();
  if (!instructor || instructor.role !== "instructor") return { status: "error", message: SIGNED_OUT, signedOut: true };
  const ids = saveIdSchema.safeParse(saveIds);
  if (!isRevision(lessonId) || !isRevision(revision) || typeof json !== "string" || !ids.success) return { status: "error", message: UNREADABLE_REQUEST };
  if (json.length > DRAFT_MAX_BYTES) return { status: "error", message: `The lesson is too large to save (the limit is ${DRAFT_MAX_BYTES / 1_000_000} MB). Split it into two lessons.` };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { status: "error", message: UNREADABLE_REQUEST };
  }
  const parsed = draftLessonSchema.safeParse(data);
  if (!parsed.success) return { status: "error", message: "The lesson could not be saved: some of it is not in the shape the editor makes. Reload the page." };
  const result = await saveDraft(db, instructor.id, lessonId, revision, parsed.data, Date.now(), ids.data);
  if (result.status === "not-found") return { status: "error", message: NOT_YOURS };
  if (result.status === "conflict") return { status: "conflict", message: CONFLICT };
  return result;
}

export type PublishReply = { status: "published"; version: number } | { status: "unchanged"; version: number } | { status: "error"; message: string } | { status: "conflict"; message: string };

export async function publishLessonAction(lessonId: unknown, revision: unknown): Promise<PublishReply> {
  const instructor = await requireRole("instructor");
  if (!isRevision(lessonId) || !isRevision(revision)) return { status: "error", message: UNREADABLE_REQUEST };
  const result = await publishLesson(db, instructor.id, lessonId, revision);
  switch (result.status) {
    case "not-found":
      return { status: "error", message: NOT_YOURS };
    case "stale":
      return { status: "conflict", message: CONFLICT };
    case "invalid":
      return { status: "error", message: `Not published: the lesson has ${result.issues === 1 ? "a problem" : `${result.issues} problems`} to fix first (listed at the top).` };
    case "unchanged":
      return { status: "unchanged", version: result.version };
    case "published":
      revalidatePath(`/teach/lessons/${lessonId}`);
      return { status: "published", version: result.version };
  }
}
