"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { BadJoinCodeError, signUpStudent } from "@/db/queries/accounts";
import { checkSignUp, joinClassFrom } from "@/db/queries/joining";
import { recordWrongJoinCode } from "@/db/queries/login-throttle";
import { UsernameTakenError } from "@/db/queries/users";
import { requireRole } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { requestAddress } from "@/lib/auth/request-address";
import { startSession } from "@/lib/auth/session";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { joinCodeSchema, newAccountSchema } from "@/lib/validation";

const signUpSchema = newAccountSchema.extend({ code: joinCodeSchema });

const TOO_MANY = "Too many failed tries from here (wrong join codes or usernames already taken). Wait 15 minutes, then check the code with your instructor.";
const TOO_MANY_ACCOUNTS = "Too many new accounts from here in the last 15 minutes. Wait a few minutes and try again, or ask your instructor for a login card.";
const badCode = (formData: FormData) => formError("Please correct the field below.", formData, { code: new BadJoinCodeError().message });
const usernameTaken = (username: string, formData: FormData) =>
  formError("Please correct the field below.", formData, { username: `${new UsernameTakenError(username).message} Choose another, or sign in if it is yours.` });

/** A new student: account and enrollment in one go, then signed in. */
export async function signUpWithCode(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(signUpSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { code, displayName, username, password } = parsed.data;
  const address = await requestAddress();
  switch (await checkSignUp(db, address, code, username)) {
    case "throttled":
      return formError(TOO_MANY, formData);
    case "too-many-accounts":
      return formError(TOO_MANY_ACCOUNTS, formData);
    case "bad-code":
      return badCode(formData);
    case "taken":
      return usernameTaken(username, formData);
    case "ok":
      break;
  }
  let result;
  try {
    result = await signUpStudent(db, code, { displayName, username, passwordHash: await hashPassword(password) });
  } catch (error) {
    if (error instanceof BadJoinCodeError) return badCode(formData);
    if (error instanceof UsernameTakenError) {
      // Someone took the name while the password was hashed: counted like a wrong code, as checkSignUp does.
      await recordWrongJoinCode(db, address);
      return usernameTaken(username, formData);
    }
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
  const address = await requestAddress();
  // Redirects (which throw) come after the join's transaction.
  const result = await joinClassFrom(db, address, student.id, parsed.data.code);
  switch (result.status) {
    case "throttled":
      return formError(TOO_MANY, formData);
    case "bad-code":
      return badCode(formData);
    case "withdrawn":
      return formError(`You were removed from ${result.className}. Ask your instructor to add you back.`, formData);
    case "already-member":
      redirect(`/dashboard?joined=${result.classId}&already=1`);
    case "joined":
      redirect(`/dashboard?joined=${result.classId}`);
  }
}
