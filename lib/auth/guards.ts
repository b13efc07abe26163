import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "@/db/client";
import { findUserById, type PublicUser } from "@/db/queries/users";
import type { Role } from "@/db/schema";
import { sessionCookie } from "./cookies";
import { claimsFromToken } from "./session-claims";

/**
 * The signed-in user as the database knows them now, or null. The session's user id must still exist
 * and its session version must match the row: a password reset bumps the version and ends old sessions.
 * The role comes from the row, never from the token, so a changed role takes effect at once.
 *
 * The cookie is read here rather than through next-auth's getServerSession, which runs its whole session
 * endpoint per call (decrypt, callbacks, and a re-encrypted token that a server component cannot even set);
 * claimsFromToken decrypts a token once and remembers it (lib/auth/session-claims.ts).
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  const token = (await cookies()).get(sessionCookie.name)?.value;
  const secret = process.env.NEXTAUTH_SECRET;
  if (!token || !secret) return null;
  const claims = await claimsFromToken(token, secret);
  if (!claims) return null;
  const user = await findUserById(db, claims.userId);
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  return user;
});

/**
 * For every page, server action and route handler behind sign-in: the user, or off to sign in — and
 * back to `returnTo` (a page's own path) afterwards.
 */
export async function requireUser(returnTo?: string): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  // A temporary password (from an instructor's reset) is replaced before anything else.
  if (user.mustChangePassword) redirect("/account/password");
  return user;
}

/** A signed-in user of another role gets a 404: the page does not exist for them. */
export async function requireRole<R extends Role>(role: R, returnTo?: string): Promise<PublicUser & { role: R }> {
  const user = await requireUser(returnTo);
  if (user.role !== role) notFound();
  return user as PublicUser & { role: R };
}

export function homePathFor(user: Pick<PublicUser, "role">): string {
  return user.role === "instructor" ? "/teach" : "/dashboard";
}

/**
 * For route handlers (which answer with a status, not a redirect): the signed-in user, or null when
 * there is none or they still have to replace a temporary password.
 */
export async function getApiUser(): Promise<PublicUser | null> {
  const user = await getCurrentUser();
  return user && !user.mustChangePassword ? user : null;
}

/**
 * For a response that outlives its request (a live stream): the user as getApiUser finds them, and a check
 * to re-run while the response is open, when the request's cookies and React's per-request cache are gone.
 * It holds by getCurrentUser's rule for the same sign-in: the row still exists with the session version the
 * token carried (a password reset or a sign-out that bumps it fails it), no temporary password, the same role.
 * Keep the two in step: whatever else ends a session must fail this check too.
 */
export async function getApiUserForStream(): Promise<{ user: PublicUser; stillSignedIn: () => Promise<boolean> } | null> {
  const user = await getApiUser();
  if (!user) return null;
  const stillSignedIn = async () => {
    const now = await findUserById(db, user.id);
    return !!now && now.sessionVersion === user.sessionVersion && !now.mustChangePassword && now.role === user.role;
  };
  return { user, stillSignedIn };
}
