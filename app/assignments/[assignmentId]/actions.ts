"use server";

import { redirect } from "next/navigation";
import { isForm, UNREADABLE_REQUEST } from "@/lib/forms";
import { db } from "@/db/client";
import { getAssignmentForStudent } from "@/db/queries/assignments";
import { AttemptError, lessonIndexFor, parseSeen, saveDraftAnswers, submitAttempt, type Conflict, type SavedTimes } from "@/db/queries/attempts";
import { isAnswered, readAnswers } from "@/lib/answer-form";
import { formItems } from "@/lib/answers";
import { requireRole } from "@/lib/auth/guards";
import { formatTime } from "@/lib/format";
import type { LessonFormState } from "@/app/_components/lesson-form";

/**
 * The lesson form's one action (it works without JavaScript): `intent` is save, submit, or
 * submit-confirmed (after being told what is unanswered). Every answer on the page comes with it, and
 * `seen`: what the page had of each (see writeAnswers). An answer another device saved since the page
 * loaded is not overwritten by the page's older one: the rest is saved, nothing is submitted, and the
 * student is told which (a conflict) and to reload.
 */
export async function saveOrSubmitLesson(assignmentId: number, _state: LessonFormState, formData: FormData): Promise<LessonFormState> {
  // Signed out meanwhile (a session that ended while answering): back to this lesson after signing in, where
  // the answers this browser kept are put back.
  const student = await requireRole("student", Number.isSafeInteger(assignmentId) ? `/assignments/${assignmentId}` : undefined);
  // The id is bound into the form on the client, so it is checked like any other input.
  const index = Number.isSafeInteger(assignmentId) && (await getAssignmentForStudent(db, student.id, assignmentId)) ? await lessonIndexFor(db, assignmentId) : undefined;
  if (!index) return { status: "error", message: "This assignment does not exist or is not assigned to you." };
  if (!isForm(formData)) return { status: "error", message: UNREADABLE_REQUEST };
  // Without it (a client that does not send it), the form's answers are saved as they come.
  const sentSeen = formData.get("seen");
  const seen = sentSeen === null ? undefined : parseSeen(sentSeen);
  if (sentSeen !== null && !seen) return { status: "error", message: UNREADABLE_REQUEST };
  const intent = formData.get("intent");
  const answers = readAnswers(formItems(index), formData);
  // `saved`: what the page has of each answer from now on (its new `seen`); a conflict's answers are not in it.
  const conflict = (conflicts: Conflict[], saved: SavedTimes, submitting: boolean): LessonFormState => ({ status: "conflict", items: conflicts, saved, submitting });
  try {
    if (intent === "submit" || intent === "submit-confirmed") {
      const unanswered = index.items.filter((item) => !isAnswered(answers[item.id]));
      if (intent === "submit" && unanswered.length > 0) {
        const { conflicts, times } = await saveDraftAnswers(db, student.id, assignmentId, answers, Date.now(), seen);
        if (conflicts.length > 0) return conflict(conflicts, times, true);
        return { status: "confirm", unanswered: unanswered.map(({ id, label }) => ({ id, label })), saved: times };
      }
      const result = await submitAttempt(db, student.id, assignmentId, answers, Date.now(), seen);
      if (result.status === "conflict") return conflict(result.conflicts, result.times, true);
    } else {
      const { savedAt, conflicts, times } = await saveDraftAnswers(db, student.id, assignmentId, answers, Date.now(), seen);
      if (conflicts.length > 0) return conflict(conflicts, times, false);
      return { status: "saved", message: `Draft saved at ${formatTime(savedAt)}.`, saved: times };
    }
  } catch (error) {
    if (!(error instanceof AttemptError)) throw error;
    // Submitted meanwhile (another tab, a double click): submitting again just shows what was submitted.
    if (!(error.code === "submitted" && intent !== "save")) return { status: "error", message: error.message };
  }
  redirect(`/assignments/${assignmentId}?submitted=1`);
}
