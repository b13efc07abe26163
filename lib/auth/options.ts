import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { consumeTemporaryPassword, findUserForSignIn } from "@/db/queries/users";
import { claimLoginAttempt, loginThrottleKeys, releaseLoginAttempt } from "@/db/queries/login-throttle";
import { csrfCookie, SESSION_MAX_AGE_SECONDS, sessionCookie } from "./cookies";
import { verifyPassword } from "./password";
import { safeRedirectPath } from "./redirect";
import { firstForwardedAddress } from "./request-address";

/** Error codes next-auth passes to /signin?error=…, where app/signin/page.tsx words them for people. */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: "That username and password do not match an account.",
  TooManyAttempts: "Too many sign-in attempts. Wait 15 minutes and try again.",
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
        const username = String(credentials?.username ?? "").trim().toLowerCase().slice(0, 64);
        const password = String(credentials?.password ?? "").slice(0, 256);
        if (!username || !password) return null;

        const address = firstForwardedAddress(req.headers?.["x-forwarded-for"]);
        const keys = loginThrottleKeys(username, address);
        if (!claimLoginAttempt(db, [keys.account, keys.address])) throw new Error("TooManyAttempts");

        const user = findUserForSignIn(db, username);
        if (!(await verifyPassword(user?.passwordHash, password)) || !user) return null;
        releaseLoginAttempt(db, keys.account.key, keys.address.key);
        // A temporary password works once: this session may only choose a new one (lib/auth/guards.ts).
        if (user.mustChangePassword) consumeTemporaryPassword(db, user.id);
        return { id: String(user.id), name: user.displayName, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
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
