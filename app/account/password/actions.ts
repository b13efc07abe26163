"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { changeOwnPassword, findUserForSignIn } from "@/db/queries/users";
import { getCurrentUser, homePathFor } from "@/lib/auth/guards";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { requestAddress } from "@/lib/auth/request-address";
import { startSession } from "@/lib/auth/session";
import { beginPasswordCheck, finishPasswordCheck } from "@/db/queries/login-throttle";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { newPasswordSchema } from "@/lib/validation";

const schema = z
  .object({ currentPassword: z.string().max(256).optional(), password: newPasswordSchema, confirmPassword: z.string().max(256) })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords are not the same." });

const TOO_MANY = "Too many wrong passwords. Wait 15 minutes and try again.";

/** Sets the user's own password. Not asked for the current one when replacing a temporary password. */
export async function changePassword(_state: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return parsed.state;
  if (!user.mustChangePassword) {
    // The same guessing limits as signing in (db/queries/login-throttle.ts): a left-open session is no way round them.
    const address = await requestAddress();
    if (!(await beginPasswordCheck(db, user.username, address))) return formError(TOO_MANY, formData);
    const stored = await findUserForSignIn(db, user.username);
    const correct = await verifyPassword(stored?.passwordHash, parsed.data.currentPassword ?? "");
    await finishPasswordCheck(db, user.username, address, correct);
    if (!correct) return formError("Please correct the field below.", formData, { currentPassword: "That is not your current password." });
  }
  const updated = await changeOwnPassword(db, user.id, await hashPassword(parsed.data.password));
  await startSession(updated);
  redirect(`${homePathFor(updated)}?passwordChanged=1`);
}
