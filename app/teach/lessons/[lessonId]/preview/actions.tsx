"use server";

import type { LessonFormState } from "@/app/_components/lesson-form";
import { isAnswered, readAnswers } from "@/lib/answer-form";
import { formItems } from "@/lib/answers";
import { requireRole } from "@/lib/auth/guards";
import { isForm, UNREADABLE_REQUEST } from "@/lib/forms";
import { indexLesson } from "@/lib/lesson-items";
import { checkAnswers, scoreAnswers } from "@/lib/preview-score";
import { loadPreviewLesson } from "./lesson";
import { PreviewResults } from "./results";

/**
 * The lesson form's action in an instructor's preview: the same intents and checks as a student's
 * (saveOrSubmitLesson), but the answers are scored in memory and shown, and nothing is written anywhere.
 * "save" (Enter, "Keep working") has nothing to save and just returns to the form.
 */
export async function previewLessonAction(segment: string, _state: LessonFormState, formData: FormData): Promise<LessonFormState> {
  const instructor = await requireRole("instructor");
  // The segment is bound into the form on the client, so it is checked like any other input.
  const lesson = typeof segment === "string" && segment.length <= 200 ? await loadPreviewLesson(instructor, segment) : undefined;
  if (!lesson) return { status: "error", message: "This lesson does not exist (or is no longer yours to preview)." };
  if (!isForm(formData)) return { status: "error", message: UNREADABLE_REQUEST };
  const intent = formData.get("intent");
  if (intent !== "submit" && intent !== "submit-confirmed") return { status: "idle" };
  const index = indexLesson(lesson);
  const checked = checkAnswers(index, readAnswers(formItems(index), formData));
  if (!checked.ok) return { status: "error", message: checked.error };
  const unanswered = index.items.filter((item) => !isAnswered(checked.answers.get(item.id)));
  if (intent === "submit" && unanswered.length > 0) return { status: "confirm", unanswered: unanswered.map(({ id, label }) => ({ id, label })) };
  const againHref = `/teach/lessons/${encodeURIComponent(segment)}/preview`;
  return { status: "results", results: <PreviewResults index={index} answers={checked.answers} scored={scoreAnswers(index, checked.answers)} againHref={againHref} /> };
}
