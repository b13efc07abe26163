"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { regenerateJoinCode, setEnrollmentStatus, setJoinEnabled } from "@/db/queries/classes";
import { resetStudentPassword, unlockStudentSignIn } from "@/db/queries/users";
import { requireRole } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { generateTemporaryPassword } from "@/lib/auth/temporary-password";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { formatJoinCode } from "@/lib/join-code";
import { SHARED_STUDENT_RESET } from "./shared-student";
import { idFieldSchema } from "@/lib/validation";

const ids = z.object({ classId: idFieldSchema, studentId: idFieldSchema });
const statusChange = ids.extend({ status: z.enum(["active", "withdrawn"]) });
const classOnly = z.object({ classId: idFieldSchema });
const joinCodeChange = classOnly.extend({ intent: z.enum(["regenerate", "enable", "disable"], "That request could not be read.") });
const NOT_YOURS = "That class or student does not exist, or is not yours.";

/** A temporary password, shown to the instructor once; the student's sessions end and they choose a new one. */
export async function resetPasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(ids, formData);
  if (!parsed.ok) return parsed.state;
  const temporary = generateTemporaryPassword();
  const result = await resetStudentPassword(db, instructor.id, parsed.data.classId, parsed.data.studentId, await hashPassword(temporary));
  if (result.status === "not-found") return formError(NOT_YOURS);
  if (result.status === "shared") return formError(`You can’t reset this password: ${SHARED_STUDENT_RESET}`);
  await unlockStudentSignIn(db, instructor.id, parsed.data.classId, parsed.data.studentId);
  return { status: "success", message: `Temporary password: ${temporary} — shown only now. The student signs in with it and chooses their own.` };
}

/** Lifts a student's sign-in lock after too many wrong passwords (someone guessing, or the student themselves). */
export async function unlockSignInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(ids, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, studentId } = parsed.data;
  const result = await unlockStudentSignIn(db, instructor.id, classId, studentId);
  if (result.status === "not-found") return formError(NOT_YOURS);
  if (result.status === "shared") return formError("This student is also in another instructor's class, so their sign-in lock cannot be lifted here; it ends by itself 15 minutes after the last wrong password, and their own devices are never locked by it.");
  return { status: "success", message: "Sign-in unlocked: they can sign in again now." };
}

export async function withdrawAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(statusChange, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, studentId, status } = parsed.data;
  if (!(await setEnrollmentStatus(db, instructor.id, classId, studentId, status))) return formError(NOT_YOURS);
  revalidatePath(`/teach/classes/${classId}`);
  return { status: "success", message: status === "active" ? "Back in the class." : "Removed from the class; their work is kept." };
}

export async function joinCodeAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(joinCodeChange, formData);
  if (!parsed.ok) return parsed.state;
  const { classId, intent } = parsed.data;
  if (intent === "regenerate") {
    const code = await regenerateJoinCode(db, instructor.id, classId);
    if (!code) return formError(NOT_YOURS);
    revalidatePath(`/teach/classes/${classId}`);
    return { status: "success", message: `New join code ${formatJoinCode(code)}. The old code no longer works.` };
  }
  const enabled = intent === "enable";
  if (!(await setJoinEnabled(db, instructor.id, classId, enabled))) return formError(NOT_YOURS);
  revalidatePath(`/teach/classes/${classId}`);
  return { status: "success", message: enabled ? "Joining is on." : "Joining is off: the code and link no longer work." };
}
