import { decode } from "next-auth/jwt";

/** What a session cookie proves once decrypted: whose it is, and which of their sessions (see users.sessionVersion). */
export type SessionClaims = { userId: number; sessionVersion: number };

type Entry = { claims: SessionClaims; expiresAt: number };

/** Enough for every student of a large school signed in at once; the least recently used is forgotten first. */
const MAX_ENTRIES = 10_000;
const verified = new Map<string, Entry>();

/**
 * The claims of a next-auth session token, or null when it is not one this server issued (tampered,
 * another secret, malformed) or it has expired.
 *
 * Decrypting a token derives its key (HKDF) and decrypts a JWE: most of a request's CPU on the autosave
 * path, where the SQL is a tenth of a millisecond. The answer is a pure function of the token and the
 * secret, so a verified token is remembered, bounded, until it expires. Nothing that can change is cached:
 * whether the user still exists, their session version (sign-out and password resets bump it) and their
 * role are read from the database on every request (lib/auth/guards.ts). Failures are not remembered.
 */
export async function claimsFromToken(token: string, secret: string, now = Date.now()): Promise<SessionClaims | null> {
  const key = `${secret.length}:${secret}\n${token}`;
  const known = verified.get(key);
  if (known) {
    verified.delete(key);
    if (known.expiresAt <= now) return null;
    // Back to the end of the line: the least recently used token is the one forgotten first.
    verified.set(key, known);
    return known.claims;
  }
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret });
  } catch {
    return null;
  }
  const userId = Number(payload?.uid);
  const sessionVersion = Number(payload?.sv);
  const exp = Number(payload?.exp);
  if (!Number.isSafeInteger(userId) || userId <= 0 || !Number.isSafeInteger(sessionVersion) || !Number.isFinite(exp)) return null;
  const entry = { claims: { userId, sessionVersion }, expiresAt: exp * 1000 };
  if (entry.expiresAt <= now) return null;
  if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value!);
  verified.set(key, entry);
  return entry.claims;
}
