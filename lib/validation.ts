import { z } from "zod";
import { parseId } from "./ids";
import { JOIN_CODE_ALPHABET, normalizeJoinCode } from "./join-code";
import { parseLocalDateTime as parseLocalDateTimeValue } from "./format";
import { LIMITS } from "./limits";

/* Field rules shared by every form and action that takes them. Limits keep rows small and pages tidy. */

export { LIMITS };

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(LIMITS.usernameMin, `Username must be at least ${LIMITS.usernameMin} characters.`)
  .max(LIMITS.usernameMax, `Username must be at most ${LIMITS.usernameMax} characters.`)
  .regex(/^[a-z0-9._-]+$/, "Username may use only letters, digits, dots, dashes and underscores.");

export const newPasswordSchema = z
  .string()
  .min(LIMITS.passwordMin, `Password must be at least ${LIMITS.passwordMin} characters.`)
  .max(LIMITS.passwordMax, `Password must be at most ${LIMITS.passwordMax} characters.`);

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(LIMITS.displayNameMax, `Name must be at most ${LIMITS.displayNameMax} characters.`);

export const classNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a class name.")
  .max(LIMITS.classNameMax, `Class name must be at most ${LIMITS.classNameMax} characters.`);

const codeChars = new RegExp(`^[${JOIN_CODE_ALPHABET}]{6,8}$`);
export const joinCodeSchema = z
  .string()
  .max(40, "That is not a join code.")
  .transform(normalizeJoinCode)
  .refine((code) => codeChars.test(code), "Join codes are 6 characters: letters and the digits 2–9 (never 0, 1, I, L or O), like ABC-234.");

export const newAccountSchema = z.object({
  displayName: displayNameSchema,
  username: usernameSchema,
  password: newPasswordSchema,
});

/*
 * Numbers from FormData arrive as text. z.coerce.number() reads "" and " " as 0 and "0x2", "1e3" or
 * "Infinity" as numbers, so a blank or tampered field would be saved as a value nobody typed. These
 * accept plain decimals only: digits, and for scores one decimal point. No sign, exponent, hex or blanks.
 */
const PLAIN_DECIMAL = /^(?:\d{1,12}(?:\.\d{1,6})?|\.\d{1,6})$/;
const PLAIN_WHOLE = /^\d{1,12}$/;

function plainNumber(pattern: RegExp, blank: string, bad: string) {
  return z.string({ message: blank }).transform((value, ctx) => {
    if (pattern.test(value)) return Number(value);
    ctx.addIssue({ code: "custom", message: value.trim() === "" ? blank : bad, input: value });
    return z.NEVER;
  });
}

/** A score as typed into a grading form: 2, 1.5, .5. Its range is the grading rule's to check. */
export const decimalScoreSchema = plainNumber(PLAIN_DECIMAL, "Enter a score.", "Enter the score as a plain number, like 2 or 1.5.");

/** A row id from a hidden field: a positive integer written plainly, the same rule as a route segment's (lib/ids.ts). */
export const idFieldSchema = z.string({ message: "That request could not be read." }).transform((value, ctx) => {
  const id = parseId(value);
  if (id !== null) return id;
  ctx.addIssue({ code: "custom", message: "That request could not be read.", input: value });
  return z.NEVER;
});

/** A whole number (0 or more) such as a count or a version; `message` says what to enter. Narrow it with `.pipe(z.number().min(…))`. */
export function wholeNumberSchema(message: string) {
  return plainNumber(PLAIN_WHOLE, message, message);
}

/**
 * A due date from an <input type="datetime-local"> (the server's time zone), empty for none. `future`: a
 * time already past is refused (when assigning); editing may set one, to close a lesson now.
 */
export function dueAtSchema({ future }: { future: boolean }) {
  return z
    .string()
    .max(40)
    .transform((value, ctx) => {
      if (!value) return null;
      const ms = parseLocalDateTimeValue(value);
      if (ms === null) {
        ctx.addIssue({ code: "custom", message: "Enter a due date and time, or leave it empty." });
        return z.NEVER;
      }
      if (future && ms < Date.now()) {
        ctx.addIssue({ code: "custom", message: "That time has already passed. Choose a due date in the future." });
        return z.NEVER;
      }
      return ms;
    });
}

export const latePolicySchema = z.enum(["accept", "close"], { message: "Choose what happens after the due date." });
export const feedbackModeSchema = z.enum(["immediate", "on_release"], { message: "Choose when students see feedback." });
/** Shown to students above the lesson, as text. */
export const instructionsSchema = z
  .string()
  .transform((value) => value.replace(/\r\n?/g, "\n"))
  .pipe(z.string().max(LIMITS.instructionsMax, `Instructions can be at most ${LIMITS.instructionsMax} characters.`))
  .default("");
/** Why a submission goes back to the student, shown to them. */
export const returnNoteSchema = z
  .string()
  .transform((value) => value.replace(/\r\n?/g, "\n"))
  .pipe(z.string().max(LIMITS.returnNoteMax, `The note can be at most ${LIMITS.returnNoteMax} characters.`))
  .default("");
