import { createHmac, randomBytes } from "node:crypto";

export type AuthorKeyOf = (userId: number) => string;

/**
 * How pages and live events name a post's author: an opaque key, the same for one student throughout one
 * session and unrelated from one session to the next (an HMAC under the server's secret). No browser is
 * given user ids, so an alias in an anonymous session cannot be matched to a name shown in another.
 */
export function authorKeys(sessionId: number, secret = process.env.NEXTAUTH_SECRET || processSecret()): AuthorKeyOf {
  return (userId) => "a" + createHmac("sha256", secret).update(`debate-author:${sessionId}:${userId}`).digest("base64url").slice(0, 16);
}

// Sign-in cannot work without NEXTAUTH_SECRET, so this serves only scripts and tests: keys then hold for
// the life of the process, which is all a key needs between a page and its live events.
let fallback: string | undefined;
const processSecret = () => (fallback ??= randomBytes(32).toString("hex"));
