import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { csrfCookie } from "./cookies";

/**
 * The token of next-auth's CSRF cookie (value "token|sha256(token + secret)") when this server issued it
 * with its current secret; undefined for no cookie, a damaged one, or one signed with another secret.
 */
export function verifiedCsrfToken(cookieValue: string | undefined): string | undefined {
  const secret = process.env.NEXTAUTH_SECRET;
  const [token = "", hash = ""] = (cookieValue ?? "").split("|");
  if (!secret || !token || !hash) return undefined;
  return equal(hash, createHash("sha256").update(`${token}${secret}`).digest("hex")) ? token : undefined;
}

export function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF token for plain HTML forms that post to the sign-in and next-auth's sign-out endpoints without
 * JavaScript. Undefined when the browser has no valid cookie yet: the page then routes once through
 * next-auth, which sets a new one.
 */
export async function readCsrfToken(): Promise<string | undefined> {
  return verifiedCsrfToken((await cookies()).get(csrfCookie.name)?.value);
}
