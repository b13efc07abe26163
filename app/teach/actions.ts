"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { createAssignment, findAssignmentsOfLesson, releaseFeedback } from "@/db/queries/assignments";
import { createClass } from "@/db/queries/classes";
import { listGradingEntries } from "@/db/queries/grading";
import { insertUser, UsernameTakenError } from "@/db/queries/users";
import { requireRole } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { resolveLesson } from "@/lib/authoring/lookup";
import { formatDateTime } from "@/lib/format";
import { formConfirm, formError, parseForm, type FormState } from "@/lib/forms";
import { classNameSchema, dueAtSchema, feedbackModeSchema, idFieldSchema, instructionsSchema, latePolicySchema, newAccountSchema, wholeNumberSchema } from "@/lib/validation";
import { duplicateNameWarning } from "./classes/duplicate-name";

export async function createClassAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ name: classNameSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const warning = await duplicateNameWarning(instructor.id, parsed.data.name, formData);
  if (warning) return warning;
  const cls = await createClass(db, instructor.id, parsed.data.name);
  redirect(`/teach/classes/${cls.id}?created=1`);
}

const assignSchema = z.object({
  classId: idFieldSchema,
  lessonId: z.string().min(1, "Choose a lesson.").max(80),
  feedbackMode: feedbackModeSchema,
  latePolicy: latePolicySchema.default("accept"),
  instructions: instructionsSchema,
  dueAt: dueAtSchema({ future: true }),
  /** Sent by the second step: the lesson the instructor confirmed assigning again. */
  confirmDuplicate: z.string().max(80).optional(),
});

export async function assignLessonAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(assignSchema, formData);
  if (!parsed.ok) return parsed.state;
  const ref = await resolveLesson(instructor.id, parsed.data.lessonId);
  // A lesson written in the browser is assigned as its latest published version, pinned from now on.
  const pinned = ref?.kind === "builtin" ? { lesson: ref.lesson, lessonVersionId: null } : ref?.published && { lesson: ref.published.lesson, lessonVersionId: ref.published.id };
  if (!pinned) return formError("Please correct the field below.", formData, { lessonId: "There is no such lesson, or it has no published version yet." });
  const { classId, dueAt, feedbackMode, latePolicy, instructions, confirmDuplicate } = parsed.data;
  // The same lesson twice shows students two identical entries: say so first, and assign on the second step.
  const already = (await findAssignmentsOfLesson(db, instructor.id, classId, pinned.lesson.id))[0];
  if (already && confirmDuplicate !== pinned.lesson.id) {
    const due = already.dueAt ? `due ${formatDateTime(already.dueAt)}` : "no due date";
    return formConfirm(`This lesson is already assigned to this class (${due}). Assign it again?`, formData, { name: "confirmDuplicate", value: pinned.lesson.id, label: "Assign it again" });
  }
  const assignment = await createAssignment(db, instructor.id, { classId, ...pinned, dueAt, feedbackMode, latePolicy, instructions });
  if (!assignment) return formError("That class does not exist or is not yours.");
  redirect(`/teach/classes/${assignment.classId}/assignments/${assignment.id}?assigned=1`);
}

export async function addInstructorAction(_state: FormState, formData: FormData): Promise<FormState> {
  await requireRole("instructor");
  const parsed = parseForm(newAccountSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { displayName, username, password } = parsed.data;
  try {
    // The password was chosen by a colleague: the new instructor replaces it at the first sign-in.
    await insertUser(db, { displayName, username, passwordHash: await hashPassword(password), role: "instructor", mustChangePassword: true });
  } catch (error) {
    if (error instanceof UsernameTakenError) return formError("Please correct the field below.", formData, { username: error.message });
    throw error;
  }
  return { status: "success", message: `Instructor account “${username}” created. Give them the username and password you chose; they sign in at /signin and choose their own password.` };
}

/** The release form's answer: as any form's, or a question first when answers are still waiting for a grade. */
export type ReleaseState = FormState | { status: "confirm"; ungraded: number; message: string };

const releaseSchema = z.object({
  assignmentId: idFieldSchema,
  // How many ungraded answers the instructor was told of and released anyway; more since then are asked about again.
  ungradedSeen: wholeNumberSchema("That request could not be read.").optional(),
});

export async function releaseFeedbackAction(_state: ReleaseState, formData: FormData): Promise<ReleaseState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(releaseSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { assignmentId, ungradedSeen = 0 } = parsed.data;
  const entries = await listGradingEntries(db, instructor.id, assignmentId);
  if (!entries) return formError("That assignment does not exist or is not yours.");
  const ungraded = entries.filter((e) => e.score === null).length;
  if (ungraded > ungradedSeen) {
    return { status: "confirm", ungraded, message: `${ungraded === 1 ? "1 answer is" : `${ungraded} answers are`} not graded yet. Release anyway?` };
  }
  const result = await releaseFeedback(db, instructor.id, assignmentId);
  if (result.status === "not-found") return formError("That assignment does not exist or is not yours.");
  if (result.status === "already-released") return formError(`Feedback was already released on ${formatDateTime(result.at)}.`);
  return { status: "success", message: "Feedback released: students now see their scores, comments and explanations." };
}
