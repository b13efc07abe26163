"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { addCoTeacher, deleteClass, removeCoTeacher, renameClass, setClassArchived } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { announce } from "@/lib/debate/announce";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { classNameSchema, idFieldSchema } from "@/lib/validation";
import { duplicateNameWarning } from "../duplicate-name";

/* A class over a term: its name, its co-teachers, archiving it at the end, deleting one made by mistake. */

const classOnly = z.object({ classId: idFieldSchema });
const NOT_YOURS = "That class does not exist or is not yours.";
const ARCHIVED = "This class is archived, so nothing in it can change. Restore it first.";
export async function renameClassAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(classOnly.extend({ name: classNameSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const { classId, name } = parsed.data;
  const warning = await duplicateNameWarning(instructor.id, name, formData, classId);
  if (warning) return warning;
  if (!(await renameClass(db, instructor.id, classId, name))) return formError(`${NOT_YOURS} An archived class cannot be renamed.`);
  revalidatePath(`/teach/classes/${classId}`, "layout");
  return { status: "success", message: `Renamed to “${name}”.` };
}

export async function archiveClassAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(classOnly.extend({ intent: z.enum(["archive", "restore"], "That request could not be read.") }), formData);
  if (!parsed.ok) return parsed.state;
  const { classId, intent } = parsed.data;
  const result = await setClassArchived(db, instructor.id, classId, intent === "archive");
  if (result.status === "not-found") return formError(NOT_YOURS);
  result.endedDebates.forEach((event, i) => announce(result.endedSessionIds[i]!, event, classId));
  // The form that was pressed is gone from the page that follows (archive becomes restore): say it there.
  redirect(`/teach/classes/${classId}?done=${result.status}`);
}

export async function deleteClassAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(classOnly.extend({ confirmDelete: z.literal("yes", "Tick the box to confirm that the class should be deleted.") }), formData);
  if (!parsed.ok) return parsed.state;
  const result = await deleteClass(db, instructor.id, parsed.data.classId);
  if (result.status === "not-found") return formError(NOT_YOURS);
  if (result.status === "not-owner") return formError("Only the class’s owner can delete it.");
  if (result.status === "has-work") return formError("This class has student work, so it cannot be deleted. Archive it instead: its work stays reviewable and exportable.");
  redirect("/teach?deleted=1");
}

export async function addCoTeacherAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(classOnly.extend({ username: z.string().trim().min(1, "Enter the username of another instructor.").max(64) }), formData);
  if (!parsed.ok) return parsed.state;
  const { classId, username } = parsed.data;
  const result = await addCoTeacher(db, instructor.id, classId, username);
  switch (result.status) {
    case "added":
      revalidatePath(`/teach/classes/${classId}`);
      return { status: "success", message: `${result.displayName} now co-teaches this class.` };
    case "not-found":
      return formError(`${NOT_YOURS} ${ARCHIVED}`);
    case "not-owner":
      return formError("Only the class’s owner can add co-teachers.");
    case "no-such-instructor":
      return formError("Please correct the field below.", formData, { username: "There is no instructor with that username." });
    case "is-owner":
      return formError("Please correct the field below.", formData, { username: "That is you: you own this class." });
    case "already":
      return formError("Please correct the field below.", formData, { username: "They already co-teach this class." });
  }
}

export async function removeCoTeacherAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(classOnly.extend({ instructorId: idFieldSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const { classId, instructorId } = parsed.data;
  if (!(await removeCoTeacher(db, instructor.id, classId, instructorId)))
    return formError("That co-teacher cannot be removed by you (only the owner removes co-teachers; the owner is never removed).");
  redirect(instructorId === instructor.id ? "/teach?left=1" : `/teach/classes/${classId}?done=co-teacher-removed`);
}
