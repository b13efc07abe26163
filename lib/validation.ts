import { z } from "zod";
import { JOIN_CODE_ALPHABET, normalizeJoinCode } from "./join-code";
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
