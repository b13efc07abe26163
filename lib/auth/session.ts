import "server-only";
import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { PublicUser } from "@/db/queries/users";
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";

/**
 * A session cookie's value for this user: the JWT next-auth reads back (its session endpoint, sign-out) and
 * lib/auth/guards.ts verifies, with the claims the sign-in callbacks used to add (user id, role, version).
 */
export async function sessionToken(user: Pick<PublicUser, "id" | "displayName" | "role" | "sessionVersion">): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return encode({
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: { name: user.displayName, sub: String(user.id), uid: user.id, role: user.role, sv: user.sessionVersion },
  });
}

/**
 * Signs in a user who has just proved who they are inside a server action (sign-up, first-run setup, a new
 * password), so they need not type their password again. The sign-in form's own request is
 * lib/auth/sign-in.ts.
 */
export async function startSession(user: PublicUser): Promise<void> {
  (await cookies()).set(sessionCookie.name, await sessionToken(user), { ...sessionCookie.options, maxAge: SESSION_MAX_AGE_SECONDS });
}
