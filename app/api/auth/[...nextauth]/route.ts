import NextAuth from "next-auth";
import { sessionCookie } from "@/lib/auth/cookies";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, readCookie, withDeviceToken } from "@/lib/auth/device";
import { authOptions, signInUsername } from "@/lib/auth/options";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth answers a sign-in form with an expired CSRF token by sending the browser to its own sign-in
 * page with `?csrf=true`, which our page would show without a word. Say what happened instead.
 * Its error page redirects to ours with `?error=` copied in unencoded, so a NUL or line break in it made
 * an invalid Location header (a 500): the redirect is made here, encoded.
 */
function GET(request: Request, context: Context) {
  const url = new URL(request.url);
  if (url.pathname.endsWith("/api/auth/signin") && url.searchParams.has("csrf")) {
    return new Response(null, { status: 302, headers: { Location: "/signin?error=CsrfExpired" } });
  }
  if (url.pathname.endsWith("/api/auth/error")) {
    const error = (url.searchParams.get("error") ?? "").slice(0, 40);
    return new Response(null, { status: 302, headers: { Location: `/signin?error=${encodeURIComponent(error)}` } });
  }
  return handler(request, context);
}

/**
 * A correct password (next-auth set the session cookie) also marks this browser as a known device of the
 * account (lib/auth/device.ts), so that others' guessing never locks its owner out of it.
 */
async function POST(request: Request, context: Context) {
  const signingIn = new URL(request.url).pathname.endsWith("/api/auth/callback/credentials");
  const form = signingIn ? await request.clone().formData().catch(() => undefined) : undefined;
  const response: Response = await handler(request, context);
  const username = signInUsername(form?.get("username"));
  const signedIn = response.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookie.name}=`) && !c.startsWith(`${sessionCookie.name}=;`));
  if (signingIn && signedIn && username) {
    const value = withDeviceToken(readCookie(request.headers.get("cookie"), DEVICE_COOKIE), username);
    const secure = sessionCookie.options.secure ? "; Secure" : "";
    response.headers.append("Set-Cookie", `${DEVICE_COOKIE}=${value}; Path=/api/auth; Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`);
  }
  return response;
}

export { GET, POST };
