import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * Known devices (OWASP's "device cookie" defence against online guessing). After a correct password, the
 * browser gets a signed token naming the account and a random device id. A sign-in that brings such a token
 * is from a device the account has used, and is held only to that device's own limit: a classmate guessing
 * behind the same school address, or a stranger anywhere, cannot lock the student out of their own
 * Chromebook. One cookie holds the tokens of every account used on the device (a shared computer).
 */

export const DEVICE_COOKIE = "colloquy.devices";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const MAX_TOKENS = 20;

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set");
  return value;
}

function sign(username: string, deviceId: string): string {
  return createHmac("sha256", secret()).update(`device\0${username}\0${deviceId}`).digest("base64url").slice(0, 27);
}

/** A new token for this account on this device: `<device id>.<signature>`. */
export function newDeviceToken(username: string): string {
  const deviceId = randomBytes(12).toString("base64url");
  return `${deviceId}.${sign(username, deviceId)}`;
}

/** The device id this cookie proves for the account, or undefined (no cookie, another account's, forged). */
export function knownDeviceId(cookieValue: string | undefined, username: string): string | undefined {
  for (const token of (cookieValue ?? "").split("~").slice(0, MAX_TOKENS)) {
    const [deviceId, signature] = token.split(".");
    if (!deviceId || !signature) continue;
    const expected = Buffer.from(sign(username, deviceId));
    const given = Buffer.from(signature);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return deviceId;
  }
  return undefined;
}

/** The cookie's value with this account's token added (kept if it is already there), newest first. */
export function withDeviceToken(cookieValue: string | undefined, username: string): string {
  const tokens = (cookieValue ?? "").split("~").filter((t) => /^[\w-]+\.[\w-]+$/.test(t));
  if (knownDeviceId(cookieValue, username)) return tokens.slice(0, MAX_TOKENS).join("~");
  return [newDeviceToken(username), ...tokens].slice(0, MAX_TOKENS).join("~");
}
