"use server";

import { redirect } from "next/navigation";
import { db } from "@/db/client";
import { completeSetup, isSetupOpen, SetupClosedError, UsernameTakenError } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { isSetupCode } from "@/lib/auth/setup-code";
import { startSession } from "@/lib/auth/session";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { newAccountSchema } from "@/lib/validation";

export async function setUpFirstInstructor(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(newAccountSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { displayName, username, password } = parsed.data;
  // Checked before the (deliberately slow) hash; completeSetup checks again inside its transaction.
  if (!(await isSetupOpen(db))) return formError(new SetupClosedError().message);
  if (!isSetupCode(formData.get("code"))) {
    return formError("Please correct the field below.", formData, { code: "That is not this server's setup code: copy it from the console where Colloquy was started." });
  }
  let user;
  try {
    user = await completeSetup(db, { displayName, username, passwordHash: await hashPassword(password) });
  } catch (error) {
    if (error instanceof SetupClosedError) return formError(error.message);
    if (error instanceof UsernameTakenError) return formError("Please correct the field below.", formData, { username: error.message });
    throw error;
  }
  await startSession(user);
  redirect("/teach");
}
