import "server-only";
import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { PublicUser } from "@/db/queries/users";
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";

/**
 * Signs in a user who has just proved who they are by creating their account (sign-up, first-run setup):
 * the same next-auth JWT the credentials sign-in issues, so they need not type their new password twice.
 */
export async function startSession(user: PublicUser): Promise<void> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  const token = await encode({
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: { name: user.displayName, sub: String(user.id), uid: user.id, role: user.role, sv: user.sessionVersion },
  });
  (await cookies()).set(sessionCookie.name, token, { ...sessionCookie.options, maxAge: SESSION_MAX_AGE_SECONDS });
}
