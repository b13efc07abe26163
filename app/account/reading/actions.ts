"use server";

import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { setReadingPrefs } from "@/db/queries/users";
import { getApiUser } from "@/lib/auth/guards";
import { formError, isForm, UNREADABLE_REQUEST, type FormState } from "@/lib/forms";
import { parseReadingPrefs } from "@/lib/reading-prefs";

const SIGNED_OUT = "You are signed out, so these reading settings are not saved: they apply to this page until you reload it. Sign in again to keep them.";

/**
 * Saves the signed-in student's own reading supports (the settings panel calls it on every change, in the
 * background, and its Save button without JavaScript). A bad value is refused with its message and changes nothing.
 */
export async function saveReadingPrefsAction(_state: FormState, formData: FormData): Promise<FormState> {
  // In the background: a redirect to sign in would take the student off a lesson they are answering.
  const user = await getApiUser();
  if (!user) return formError(SIGNED_OUT);
  if (user.role !== "student") notFound();
  if (!isForm(formData)) return formError(UNREADABLE_REQUEST);
  // Next's own fields (a post without JavaScript) start with "$"; every other field must be a setting. A field
  // sent twice counts by its first value, as everywhere (lib/forms.ts parseForm).
  const fields: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) if (!key.startsWith("$") && !(key in fields)) fields[key] = value;
  const parsed = parseReadingPrefs(fields);
  if (!parsed.ok) return formError(parsed.error);
  await setReadingPrefs(db, user.id, parsed.prefs);
  return { status: "success", message: "Reading settings saved." };
}
