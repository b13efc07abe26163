import type { z } from "zod";
import { withoutNul } from "./text-input";

/**
 * What a form's server action answers: a message for the whole form, an error per field, and the values
 * to put back into the fields (never passwords). Returned, not thrown: bad input is an expected outcome.
 */
export type FormState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /**
   * A second step the action asks for before doing something with consequences (the message says which):
   * the form shows a button that sends the form again with `name=value`.
   */
  confirm?: { name: string; value: string; label: string };
};

/** Asks the form to confirm (see FormState.confirm), keeping what was typed. */
export function formConfirm(message: string, formData: FormData, confirm: NonNullable<FormState["confirm"]>): FormState {
  return { status: "idle", message, values: echoValues(formData), confirm };
}

export const initialFormState: FormState = { status: "idle" };

export function formError(message: string, formData?: FormData, fieldErrors?: Record<string, string>): FormState {
  return { status: "error", message, fieldErrors, values: formData ? echoValues(formData) : undefined };
}

/**
 * The one rule for secrets in forms: a field whose name contains "password" (any case: `password`,
 * `currentPassword`, `confirmPassword`) is never echoed back, so a typed password never travels back to
 * the browser in an action's reply. `Field` refuses a password input named otherwise, so a new form
 * cannot break the rule by accident.
 */
export function isSecretField(name: string): boolean {
  return /password/i.test(name);
}

function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$") && !isSecretField(key)) values[key] = value.slice(0, 2000);
  }
  return values;
}

/** The message for a server action called with something other than a form (only a hand-made request can). */
export const UNREADABLE_REQUEST = "That request could not be read.";
export const NUL_IN_TEXT = "This has an invisible character in it that cannot be saved (U+0000). Type it again instead of pasting it.";

/**
 * A server action is a public endpoint: a hand-made call can pass anything (or nothing) where the form goes.
 * Actions check this before reading their form, so such a call gets a refusal rather than a crash.
 */
export function isForm(value: unknown): value is FormData {
  return value instanceof FormData;
}

/** Validates FormData against a zod schema; on failure, a FormState naming each bad field. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): { ok: true; data: z.output<S> } | { ok: false; state: FormState } {
  if (!isForm(formData)) return { ok: false, state: formError(UNREADABLE_REQUEST) };
  const raw: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) if (!(key in raw)) raw[key] = value;
  // U+0000 cannot be stored (lib/text-input.ts). Refused rather than dropped: in an id or a number, dropping it
  // would turn junk into a valid value. (Answers and lessons, where pasted text is what comes, drop it.)
  const withNul = Object.keys(raw).filter((key) => typeof raw[key] === "string" && raw[key] !== withoutNul(raw[key]));
  if (withNul.length > 0) return { ok: false, state: formError("Please correct the field below.", formData, Object.fromEntries(withNul.map((key) => [key, NUL_IN_TEXT]))) };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  const count = Object.keys(fieldErrors).length;
  return {
    ok: false,
    state: formError(count === 1 ? "Please correct the field below." : `Please correct the ${count} fields below.`, formData, fieldErrors),
  };
}
