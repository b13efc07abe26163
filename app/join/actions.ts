"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { BadJoinCodeError, signUpStudent } from "@/db/queries/accounts";
import { joinClassByCode } from "@/db/queries/classes";
import { UsernameTakenError } from "@/db/queries/users";
import { requireRole } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { startSession } from "@/lib/auth/session";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { joinCodeSchema, newAccountSchema } from "@/lib/validation";

const signUpSchema = newAccountSchema.extend({ code: joinCodeSchema });

/** A new student: account and enrollment in one go, then signed in. */
export async function signUpWithCode(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(signUpSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { code, displayName, username, password } = parsed.data;
  let result;
  try {
    result = signUpStudent(db, code, { displayName, username, passwordHash: await hashPassword(password) });
  } catch (error) {
    if (error instanceof BadJoinCodeError) return formError("Please correct the field below.", formData, { code: error.message });
    if (error instanceof UsernameTakenError)
      return formError("Please correct the field below.", formData, { username: `${error.message} Choose another, or sign in if it is yours.` });
    throw error;
  }
  await startSession(result.user);
  redirect(`/dashboard?joined=${result.classId}`);
}

/** A signed-in student joins one more class. */
export async function joinWithCode(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  const parsed = parseForm(z.object({ code: joinCodeSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const result = joinClassByCode(db, student.id, parsed.data.code);
  if (result.status === "bad-code") return formError("Please correct the field below.", formData, { code: new BadJoinCodeError().message });
  redirect(`/dashboard?joined=${result.classId}`);
}
