import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { endSessions, findUserForSignIn } from "@/db/queries/users";
import { beginPasswordCheck, finishPasswordCheck } from "@/db/queries/login-throttle";
import { csrfCookie, SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";
import { verifyPassword } from "./password";
import { safeRedirectPath } from "./redirect";
import { DEVICE_COOKIE, knownDeviceId, readCookie } from "./device";
import { firstForwardedAddress } from "./request-address";

/*
 * With NEXTAUTH_URL unset, next-auth takes its address from the request itself (Host, or X-Forwarded-Host,
 * which scripts/server.mjs lets through only from a proxy TRUST_PROXY names): whoever opened 127.0.0.1 or
 * the server's LAN address is sent back there after signing in, not to localhost. A set NEXTAUTH_URL wins.
 */
process.env.AUTH_TRUST_HOST ??= "1";

/**
 * The username a sign-in names. Only these characters can make one (lib/validation.ts): anything else
 * matches no account, and is kept out of the throttle's keys, which are built from it.
 */
export function signInUsername(raw: unknown): string {
  return String(raw ?? "").trim().toLowerCase().slice(0, 64).replace(/[^a-z0-9._-]/g, "_");
}

/** Error codes next-auth passes to /signin?error=…, where app/signin/page.tsx words them for people. */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: "That username and password do not match an account.",
  TooManyAttempts: "Too many wrong passwords for this account from here. Wait 15 minutes and try again, or ask your teacher to unlock your sign-in.",
  CsrfExpired: "The sign-in form had expired. Please sign in again.",
} as const;

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  cookies: { sessionToken: sessionCookie, csrfToken: csrfCookie },
  // signOut carries a marker: the page knows it has been through next-auth once (see app/signout/page.tsx).
  pages: { signIn: "/signin", error: "/signin", signOut: "/signout?checked=1" },
  providers: [
    CredentialsProvider({
      name: "Username",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const username = signInUsername(credentials?.username);
        const password = String(credentials?.password ?? "").slice(0, 256);
        if (!username || !password) return null;

        const address = firstForwardedAddress(req.headers?.["x-forwarded-for"]);
        const device = knownDeviceId(readCookie(req.headers?.cookie, DEVICE_COOKIE), username);
        if (!beginPasswordCheck(db, username, address, device)) throw new Error("TooManyAttempts");

        const user = findUserForSignIn(db, username);
        // Unknown usernames are checked against a decoy hash too, so timing does not tell which ones exist.
        const correct = (await verifyPassword(user?.passwordHash, password)) && !!user;
        finishPasswordCheck(db, username, address, correct, device);
        if (!correct || !user) return null;
        // A temporary password (a login card, a reset) keeps working until the student has set their own:
        // its sessions may only choose a new one (lib/auth/guards.ts).
        return { id: String(user.id), name: user.displayName, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  events: {
    // Signing out ends the session on the server too, not only in this browser: a copied cookie stops working.
    async signOut({ token }) {
      if (token?.uid) endSessions(db, Number(token.uid), Number(token.sv));
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
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
