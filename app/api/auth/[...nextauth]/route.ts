import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInWithPassword } from "@/lib/auth/sign-in";

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

/** The sign-in form's POST is answered by lib/auth/sign-in.ts in one pass; next-auth answers the rest (sign-out). */
function POST(request: Request, context: Context) {
  if (new URL(request.url).pathname.endsWith("/api/auth/callback/credentials")) return signInWithPassword(request);
  return handler(request, context);
}

export { GET, POST };
