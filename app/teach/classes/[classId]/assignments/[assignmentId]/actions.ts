"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { getAssignmentForInstructor, removeExtension, restoreAssignment, setExtension, unassign, unassignImpact, updateAssignment } from "@/db/queries/assignments";
import { returnAttempt } from "@/db/queries/attempts";
import { requireRole } from "@/lib/auth/guards";
import { announce } from "@/lib/debate/announce";
import { formatDateTime, plural } from "@/lib/format";
import { formConfirm, formError, parseForm, type FormState } from "@/lib/forms";
import { dueAtSchema, feedbackModeSchema, idFieldSchema, instructionsSchema, latePolicySchema, returnNoteSchema } from "@/lib/validation";

/*
 * Changing an assignment after it was assigned. Every action names the assignment (and its class, for the
 * page to refresh); the queries check that the acting instructor teaches the class (db/queries/teaching).
 */

const NOT_YOURS = "That assignment does not exist, or is not in a class you teach.";
const ids = z.object({ classId: idFieldSchema, assignmentId: idFieldSchema });
const pathOf = (classId: number, assignmentId: number) => `/teach/classes/${classId}/assignments/${assignmentId}`;

/** The assignment, if the instructor teaches its class and it is in the class the form names. */
async function taughtAssignment(instructorId: number, classId: number, assignmentId: number) {
  const assignment = await getAssignmentForInstructor(db, instructorId, assignmentId);
  return assignment && assignment.classId === classId ? assignment : undefined;
}

const settingsSchema = ids.extend({
  dueAt: dueAtSchema({ future: false }),
  latePolicy: latePolicySchema,
  feedbackMode: feedbackModeSchema,
  instructions: instructionsSchema,
});

/** Due date, late policy, feedback mode and instructions; student work is not touched. */
export async function updateAssignmentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(settingsSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, assignmentId, ...settings } = parsed.data;
  if (!(await taughtAssignment(instructor.id, classId, assignmentId)) || !(await updateAssignment(db, instructor.id, assignmentId, settings))) return formError(NOT_YOURS);
  revalidatePath(pathOf(classId, assignmentId));
  const closesNow = settings.latePolicy === "close" && settings.dueAt !== null && settings.dueAt < Date.now();
  return {
    status: "success",
    message: closesNow ? `Saved. The due date has passed, so the lesson is closed now for students without a due date of their own.` : "Saved. Students see the changes now.",
  };
}

const unassignSchema = ids.extend({ confirm: z.enum(["delete", "archive"]).optional() });

/**
 * Unassigns, after a confirmation that says what happens to the students' work: with none, the assignment
 * is deleted; with some, it is archived (never deleted). The confirmation names which, and the second step
 * must confirm the same thing (work may have arrived in between).
 */
export async function unassignAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(unassignSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, assignmentId, confirm } = parsed.data;
  const impact = (await taughtAssignment(instructor.id, classId, assignmentId)) && (await unassignImpact(db, instructor.id, assignmentId));
  if (!impact) return formError(NOT_YOURS);
  const hasWork = impact.attempts > 0 || impact.sessions > 0;
  const expected = hasWork ? "archive" : "delete";
  if (confirm !== expected) {
    const work = [impact.attempts > 0 && plural(impact.attempts, "student's work", "students' work"), impact.sessions > 0 && plural(impact.sessions, "debate session")].filter(Boolean).join(" and ");
    return hasWork
      ? formConfirm(
          `This assignment has ${work}. Unassigning archives it: students no longer see it, a debate still running on it ends, and nothing is deleted — you can still review, grade and export it under “Archived” on the class page, and restore it.`,
          formData,
          { name: "confirm", value: "archive", label: "Unassign and archive" },
        )
      : formConfirm("No student has started this assignment. Unassigning deletes it.", formData, { name: "confirm", value: "delete", label: "Unassign and delete" });
  }
  const result = await unassign(db, instructor.id, assignmentId);
  if (result.status === "not-found") return formError(NOT_YOURS);
  if (result.status === "already-archived") return formError("This assignment is already archived.");
  if (result.status === "archived") result.endedDebates.forEach((event, i) => announce(result.endedSessionIds[i]!, event, classId));
  revalidatePath(`/teach/classes/${classId}`);
  redirect(`/teach/classes/${classId}?unassigned=${result.status}`);
}

/** Puts an archived assignment back in front of the students. */
export async function restoreAssignmentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(ids, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, assignmentId } = parsed.data;
  if (!(await taughtAssignment(instructor.id, classId, assignmentId))) return formError(NOT_YOURS);
  if (!(await restoreAssignment(db, instructor.id, assignmentId))) return formError("This assignment is not archived.");
  revalidatePath(pathOf(classId, assignmentId));
  return { status: "success", message: "Restored: students see it on their dashboard again." };
}

const extensionSchema = ids.extend({ studentId: idFieldSchema, dueAt: dueAtSchema({ future: false }) });

/** One student's own due date, or (empty) a reopen with no due date. */
export async function setExtensionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(extensionSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, assignmentId, studentId, dueAt } = parsed.data;
  if (!(await taughtAssignment(instructor.id, classId, assignmentId)) || !(await setExtension(db, instructor.id, assignmentId, studentId, dueAt))) {
    return formError("That assignment or student does not exist, or is not in a class you teach.");
  }
  revalidatePath(pathOf(classId, assignmentId));
  return { status: "success", message: dueAt === null ? "Reopened for this student, with no due date." : `This student's work is now due ${formatDateTime(dueAt)}.` };
}

export async function removeExtensionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(ids.extend({ studentId: idFieldSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const { classId, assignmentId, studentId } = parsed.data;
  if (!(await taughtAssignment(instructor.id, classId, assignmentId))) return formError(NOT_YOURS);
  if (!(await removeExtension(db, instructor.id, assignmentId, studentId))) return formError("This student has no due date of their own.");
  revalidatePath(pathOf(classId, assignmentId));
  return { status: "success", message: "Removed: the assignment's due date applies to this student again." };
}

/** Returns a student's submission for revision with a note; it is kept in the attempt's history. */
export async function returnAttemptAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(ids.extend({ studentId: idFieldSchema, note: returnNoteSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const { classId, assignmentId, studentId, note } = parsed.data;
  if (!(await taughtAssignment(instructor.id, classId, assignmentId))) return formError(NOT_YOURS);
  const result = await returnAttempt(db, instructor.id, assignmentId, studentId, note);
  if (result.status === "not-found") return formError("That student has no work on this assignment, or is not in a class you teach.");
  if (result.status === "not-submitted") return formError("This attempt is not submitted, so there is nothing to return.", formData);
  if (result.status === "archived") return formError("This assignment is unassigned, so its students cannot see returned work: restore it for students first.", formData);
  revalidatePath(`${pathOf(classId, assignmentId)}/students/${studentId}`);
  return { status: "success", message: `Returned for revision: the student sees your note and can resubmit. Submission ${result.number} is kept in the history below.` };
}
