import "server-only";
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { db } from "@/db/client";
import { findUserForSignIn } from "@/db/queries/users";
import { beginPasswordCheck, finishPasswordCheck } from "@/db/queries/login-throttle";
import { originOf } from "@/lib/site-origin";
import { csrfCookie, SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";
import { equal, verifiedCsrfToken } from "./csrf";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, knownDeviceId, withDeviceToken } from "./device";
import { verifyPassword } from "./password";
import { safeRedirectPath } from "./redirect";
import { readTextWithin } from "@/lib/request-body";
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
  Unavailable: "Signing in did not work just now. Please try again in a moment.",
} as const;

/** Far more than a username, a password and the form's hidden fields. */
const MAX_BODY = 16 * 1024;

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
  const body = await readTextWithin(request, MAX_BODY);
  if (body === null) return new Response("The sign-in form is too large.", { status: 413, headers: { "Content-Type": "text/plain" } });
  // An HTML form's encoding, as next-auth read it; anything else carries no fields (and so no CSRF token).
  const form = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(body) : new URLSearchParams();
  const origin = originOf(request.headers);
  const callbackUrl = safeRedirectPath(text(form, "callbackUrl", 2048), origin);
  const refuse = (error: SignInError) => NextResponse.redirect(`${origin}/signin?${new URLSearchParams({ error, callbackUrl })}`, 303);
  // Cookies as the page and next-auth read them (Next's parser: of two of one name, the same one wins).
  const jar = await cookies();

  const cookie = jar.get(csrfCookie.name)?.value;
  const expected = verifiedCsrfToken(cookie);
  const submitted = text(form, "csrfToken", 128);
  if (!expected || !submitted || !equal(submitted, expected)) {
    const response = refuse("CsrfExpired");
    // A cookie this server cannot verify (another secret, damaged) goes, so the page fetches a new one; a
    // good one stays, and the page's form carries its token.
    if (cookie && !expected) response.cookies.set(csrfCookie.name, "", { ...csrfCookie.options, maxAge: 0 });
    return response;
  }
  const username = signInUsername(text(form, "username", 256));
  const password = text(form, "password", 256);
  if (!username || !password) return refuse("CredentialsSignin");

  const address = firstForwardedAddress(request.headers.get("x-forwarded-for"));
  const devices = jar.get(DEVICE_COOKIE)?.value;
  const device = knownDeviceId(devices, username);
  let user: NonNullable<Awaited<ReturnType<typeof findUserForSignIn>>>;
  try {
    if (!(await beginPasswordCheck(db, username, address, device))) return refuse("TooManyAttempts");
    const found = await findUserForSignIn(db, username);
    // Unknown usernames are checked against a decoy hash too, so timing does not tell which ones exist.
    const correct = (await verifyPassword(found?.passwordHash, password)) && !!found;
    await finishPasswordCheck(db, username, address, correct, device);
    if (!correct || !found) return refuse("CredentialsSignin");
    user = found;
  } catch (error) {
    // The database busy or failing: the person is told to try again, the details go to the log.
    console.error("Sign-in failed:", error);
    return refuse("Unavailable");
  }

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
function text(form: URLSearchParams, name: string, max: number): string {
  return (form.get(name) ?? "").slice(0, max);
}
