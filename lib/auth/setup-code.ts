import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * The first-run setup code: whoever opens /setup first would otherwise become the deployment's instructor,
 * so setup also asks for a code that only the server's console shows (`npm start` prints it while no
 * instructor exists). Derived from NEXTAUTH_SECRET, so every instance of a deployment agrees on it with
 * nothing stored, and it changes with the secret.
 */

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** The code, as people read and type it: three groups of four letters and digits ("K7QP-2XMA-9RTD"). */
export function setupCode(secret = process.env.NEXTAUTH_SECRET): string {
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  const digest = createHmac("sha256", secret).update("colloquy first-run setup").digest();
  const chars = Array.from(digest.subarray(0, 12), (byte) => ALPHABET[byte % ALPHABET.length]!).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Whether `given` is the code, however it was typed (case, spaces and dashes do not matter). */
export function isSetupCode(given: unknown, secret = process.env.NEXTAUTH_SECRET): boolean {
  if (typeof given !== "string" || given.length > 100) return false;
  const normalise = (code: string) => Buffer.from(code.toUpperCase().replace(/[\s-]/g, ""));
  const expected = normalise(setupCode(secret));
  const typed = normalise(given);
  return typed.length === expected.length && timingSafeEqual(typed, expected);
}
