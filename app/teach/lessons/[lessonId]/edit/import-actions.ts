"use server";

import { db } from "@/db/client";
import { findOwnLesson } from "@/db/queries/lessons";
import { questionToDraft, type DraftQuestion } from "@/lib/authoring/draft";
import { parseAiken } from "@/lib/authoring/aiken";
import { parseGift } from "@/lib/authoring/gift";
import { readUploadedText } from "@/lib/authoring/upload";
import { requireRole } from "@/lib/auth/guards";
import { isForm, UNREADABLE_REQUEST } from "@/lib/forms";

export type ImportQuestionsReply = { status: "ok"; questions: DraftQuestion[] } | { status: "error"; message: string; errors: string[] };

/**
 * Reads GIFT or Aiken questions for the owner's editor. Nothing is stored here: the editor adds the questions
 * to its draft, which autosaves as any other change.
 */
export async function importQuestionsAction(lessonId: unknown, formData: unknown): Promise<ImportQuestionsReply> {
  const instructor = await requireRole("instructor");
  if (!Number.isSafeInteger(lessonId) || !isForm(formData)) return { status: "error", message: UNREADABLE_REQUEST, errors: [] };
  if (!(await findOwnLesson(db, instructor.id, lessonId as number))) return { status: "error", message: "This lesson does not exist or is not yours to edit.", errors: [] };
  const format = formData.get("format");
  if (format !== "gift" && format !== "aiken") return { status: "error", message: "Choose GIFT or Aiken.", errors: [] };
  const text = await readUploadedText(formData.get("file"), formData.get("text"));
  if (!text.ok) return { status: "error", message: text.message, errors: [] };
  const result = format === "gift" ? parseGift(text.text) : parseAiken(text.text);
  if (!result.ok) {
    const n = result.errors.length;
    return { status: "error", message: `Nothing was imported: the ${format === "gift" ? "GIFT" : "Aiken"} text has ${n === 1 ? "a problem" : `${n} problems`}. Fix ${n === 1 ? "it" : "them"} and import again.`, errors: result.errors.map((e) => `Line ${e.line}: ${e.message}`) };
  }
  if (result.questions.length === 0) return { status: "error", message: "No questions were found in that text.", errors: [] };
  return { status: "ok", questions: result.questions.map(questionToDraft) };
}
