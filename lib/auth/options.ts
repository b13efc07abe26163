import type { NextAuthOptions } from "next-auth";
import { db } from "@/db/client";
import { endSessions } from "@/db/queries/users";
import { csrfCookie, SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";
import { safeRedirectPath } from "./redirect";

/*
 * With NEXTAUTH_URL unset, next-auth takes its address from the request itself (Host, or X-Forwarded-Host,
 * which scripts/server.mjs lets through only from a proxy TRUST_PROXY names): whoever opened 127.0.0.1 or
 * the server's LAN address is sent back there after signing in, not to localhost. A set NEXTAUTH_URL wins.
 */
process.env.AUTH_TRUST_HOST ??= "1";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  cookies: { sessionToken: sessionCookie, csrfToken: csrfCookie },
  // signOut carries a marker: the page knows it has been through next-auth once (see app/signout/page.tsx).
  pages: { signIn: "/signin", error: "/signin", signOut: "/signout?checked=1" },
  // The credentials sign-in (the form's POST to /api/auth/callback/credentials) is lib/auth/sign-in.ts:
  // one pass that issues the session cookie next-auth reads back. next-auth keeps the session, CSRF and
  // sign-out endpoints.
  providers: [],
  events: {
    // Signing out ends the session on the server too, not only in this browser: a copied cookie stops working.
    async signOut({ token }) {
      if (token?.uid) await endSessions(db, Number(token.uid), Number(token.sv));
    },
  },
  callbacks: {
    session({ session, token }) {
      session.user = { id: token.uid ?? 0, role: token.role ?? "student", sv: token.sv ?? 0, name: token.name ?? "" };
      return session;
    },
    redirect({ url, baseUrl }) {
      // Only ever back into this site; a crafted callbackUrl cannot send someone elsewhere.
      return `${baseUrl}${safeRedirectPath(url, baseUrl)}`;
    },
  },
};
