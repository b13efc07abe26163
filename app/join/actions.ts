"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import type { Database } from "@/db/database";
import { BadJoinCodeError, signUpStudent } from "@/db/queries/accounts";
import { findJoinableClass, joinClassByCode } from "@/db/queries/classes";
import { isJoinThrottled, isSignUpThrottled, recordSignUp, recordWrongJoinCode } from "@/db/queries/login-throttle";
import { findUserForSignIn, UsernameTakenError } from "@/db/queries/users";
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

/** A new student: account and enrollment in one go, then signed in. */
export async function signUpWithCode(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(signUpSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { code, displayName, username, password } = parsed.data;
  const address = await requestAddress();
  const taken = async (q: Database) => {
    // Counted like a wrong code: a valid code must not be an unlimited "does this username exist?" oracle.
    await recordWrongJoinCode(q, address);
    return formError("Please correct the field below.", formData, { username: `${new UsernameTakenError(username).message} Choose another, or sign in if it is yours.` });
  };
  // From the limits' checks to their counts, one transaction: on SQLite it holds the one connection, so
  // parallel requests cannot all pass a check before any of them is counted (as when the calls were
  // synchronous). On PostgreSQL concurrent transactions may both pass a check; each count is one upsert.
  // Only quick statements run in it: the slow hash comes after.
  const refused = await db.transaction(async (tx): Promise<FormState | undefined> => {
    if (await isJoinThrottled(tx, address)) return formError(TOO_MANY, formData);
    if (await isSignUpThrottled(tx, address)) return formError(TOO_MANY_ACCOUNTS, formData);
    if (!(await findJoinableClass(tx, code))) {
      await recordWrongJoinCode(tx, address);
      return badCode(formData);
    }
    if (await findUserForSignIn(tx, username)) return taken(tx);
    await recordSignUp(tx, address);
    return undefined;
  });
  if (refused) return refused;
  let result;
  try {
    result = await signUpStudent(db, code, { displayName, username, passwordHash: await hashPassword(password) });
  } catch (error) {
    if (error instanceof BadJoinCodeError) return badCode(formData);
    // Someone took the name while the password was hashed.
    if (error instanceof UsernameTakenError) return taken(db);
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
  // The check, the join and the count of a wrong code in one transaction, as in signUpWithCode. Redirects
  // (which throw) come after it.
  const result = await db.transaction(async (tx) => {
    if (await isJoinThrottled(tx, address)) return { status: "throttled" } as const;
    const joined = await joinClassByCode(tx, student.id, parsed.data.code);
    if (joined.status === "bad-code") await recordWrongJoinCode(tx, address);
    return joined;
  });
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
