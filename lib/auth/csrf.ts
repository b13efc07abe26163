import "server-only";
import { cookies } from "next/headers";
import { csrfCookie } from "./cookies";

/**
 * next-auth's CSRF token, read from its cookie (value "token|hash"), so that plain HTML forms can post to
 * its sign-in and sign-out endpoints without JavaScript. Undefined when the browser has no such cookie
 * yet: the page then routes once through next-auth, which sets it.
 */
export async function readCsrfToken(): Promise<string | undefined> {
  const value = (await cookies()).get(csrfCookie.name)?.value;
  return value?.split("|")[0] || undefined;
}
