import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { db } from "@/db/client";
import { findUserForSignIn } from "@/db/queries/users";
import { beginPasswordCheck, finishPasswordCheck } from "@/db/queries/login-throttle";
import { originOf } from "@/lib/site-origin";
import { csrfCookie, SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, knownDeviceId, readCookie, withDeviceToken } from "./device";
import { verifyPassword } from "./password";
import { safeRedirectPath } from "./redirect";
import { firstForwardedAddress } from "./request-address";
import { sessionToken } from "./session";

/**
 * The username a sign-in names. Only these characters can make one (lib/validation.ts): anything else
 * matches no account, and is kept out of the throttle's keys, which are built from it.
 */
export function signInUsername(raw: unknown): string {
  return String(raw ?? "").trim().toLowerCase().slice(0, 64).replace(/[^a-z0-9._-]/g, "_");
}

/** The codes a refused sign-in sends to /signin?error=…, where app/signin/page.tsx words them for people. */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: "That username and password do not match an account.",
  TooManyAttempts: "Too many wrong passwords for this account from here. Wait 15 minutes and try again, or ask your teacher to unlock your sign-in.",
  CsrfExpired: "The sign-in form had expired. Please sign in again.",
} as const;

type SignInError = keyof typeof SIGN_IN_ERRORS;

/**
 * The sign-in form's POST (/api/auth/callback/credentials, where next-auth's credentials provider would
 * answer): one request that checks the form's CSRF token, the throttle and the password, then issues the
 * same session cookie next-auth's flow issued and reads back (lib/auth/session.ts), marks the browser as a
 * known device of the account, and redirects — to where the person was going, or back to the form with
 * the reason. next-auth itself runs two passes over its options, callbacks and cookies for the same result:
 * on a 2-core server that was a third of each sign-in's CPU beside the password hash (docs/performance.md).
 * next-auth still owns the rest: the CSRF cookie this checks, the session endpoint, sign-out.
 */
export async function signInWithPassword(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => undefined);
  const origin = originOf(request.headers);
  const callbackUrl = safeRedirectPath(text(form, "callbackUrl", 2048), origin);
  const refuse = (error: SignInError) => NextResponse.redirect(`${origin}/signin?${new URLSearchParams({ error, callbackUrl })}`, 303);

  if (!form || !csrfTokenMatches(request.headers.get("cookie"), text(form, "csrfToken", 128))) return refuse("CsrfExpired");
  const username = signInUsername(text(form, "username", 256));
  const password = text(form, "password", 256);
  if (!username || !password) return refuse("CredentialsSignin");

  const address = firstForwardedAddress(request.headers.get("x-forwarded-for"));
  const devices = readCookie(request.headers.get("cookie"), DEVICE_COOKIE);
  const device = knownDeviceId(devices, username);
  if (!beginPasswordCheck(db, username, address, device)) return refuse("TooManyAttempts");
  const user = findUserForSignIn(db, username);
  // Unknown usernames are checked against a decoy hash too, so timing does not tell which ones exist.
  const correct = (await verifyPassword(user?.passwordHash, password)) && !!user;
  finishPasswordCheck(db, username, address, correct, device);
  if (!correct || !user) return refuse("CredentialsSignin");

  // A temporary password (a login card, a reset) signs in too: its sessions may only choose a new one
  // (lib/auth/guards.ts).
  const response = NextResponse.redirect(`${origin}${callbackUrl}`, 303);
  response.cookies.set(sessionCookie.name, await sessionToken(user), { ...sessionCookie.options, maxAge: SESSION_MAX_AGE_SECONDS });
  // A known device is held only to its own guessing limit, so that others' guessing never locks its owner out.
  response.cookies.set(DEVICE_COOKIE, withDeviceToken(devices, username), {
    path: "/api/auth",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    httpOnly: true,
    sameSite: "lax",
    secure: sessionCookie.options.secure,
  });
  return response;
}

/** One text field of the form, cut to `max` characters (a longer one is no valid value anyway). */
function text(form: FormData | undefined, name: string, max: number): string {
  const value = form?.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
}

/**
 * next-auth's double-submit CSRF check: its cookie holds "token|sha256(token + secret)" (set by any of its
 * endpoints, which the sign-in page routes through once), and the form must carry the same token.
 */
function csrfTokenMatches(cookieHeader: string | null, submitted: string): boolean {
  const secret = process.env.NEXTAUTH_SECRET;
  const [token = "", hash = ""] = (readCookie(cookieHeader, csrfCookie.name) ?? "").split("|");
  if (!secret || !token || !submitted) return false;
  const expected = createHash("sha256").update(`${token}${secret}`).digest("hex");
  return equal(hash, expected) && equal(submitted, token);
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
