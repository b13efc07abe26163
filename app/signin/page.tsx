import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser, homePathFor } from "@/lib/auth/guards";
import { readCsrfToken } from "@/lib/auth/csrf";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { siteOrigin } from "@/lib/site-origin";
import { LIMITS } from "@/lib/validation";

export const metadata: Metadata = { title: "Sign in" };

type Search = { callbackUrl?: string; error?: string; signedOut?: string };

/** Marks the one trip through next-auth that sets the CSRF cookie, so a browser refusing cookies cannot loop. */
const COOKIE_CHECK = "CookieCheck";

/**
 * A plain HTML form posting to the credentials callback (lib/auth/sign-in.ts), so it works without JavaScript.
 * next-auth wants its CSRF cookie; a browser without one is sent once through next-auth to get it.
 */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const user = await getCurrentUser();
  if (user) redirect(homePathFor(user));
  // A refused attempt comes back with its callbackUrl (lib/auth/sign-in.ts), so the next try still goes there.
  const callbackUrl = safeRedirectPath(params.callbackUrl, await siteOrigin());
  const csrfToken = await readCsrfToken();
  if (!csrfToken && params.error !== COOKIE_CHECK) {
    // next-auth sets its CSRF cookie and sends the browser straight back here, keeping `error`.
    redirect(`/api/auth/signin?${new URLSearchParams({ callbackUrl, error: params.error?.slice(0, 40) || COOKIE_CHECK })}`);
  }
  if (!csrfToken) {
    return (
      <main id="main" className="narrow">
        <h1>Sign in</h1>
        <p className="notice notice-error" role="alert">
          Your browser did not keep Colloquy&apos;s cookie, so you cannot sign in. Allow cookies for this site, then reload the page.
        </p>
      </main>
    );
  }

  const error =
    params.error && params.error !== COOKIE_CHECK
      ? (SIGN_IN_ERRORS[params.error as keyof typeof SIGN_IN_ERRORS] ?? "Sign-in did not work. Please try again.")
      : undefined;

  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <h1>Sign in</h1>
        <p>Students and instructors sign in here.</p>
      </div>
      {params.signedOut && !error && (
        <p className="notice notice-success" role="status">
          You are signed out.
        </p>
      )}
      <div className="card">
        <form method="post" action="/api/auth/callback/credentials" className="stack">
          {error && (
            <p className="notice notice-error" role="alert" id="signin-error">
              {error}
            </p>
          )}
          <input type="hidden" name="csrfToken" value={csrfToken} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <div className="field">
            <label htmlFor="username">Username</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={LIMITS.usernameMax}
              aria-describedby={error ? "signin-error" : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={LIMITS.passwordMax} />
          </div>
          <button type="submit" className="button">
            Sign in
          </button>
        </form>
      </div>
      <p className="muted" style={{ marginTop: "1.25rem" }}>
        New student? <Link href="/join">Join your class with its code</Link> to create your account.
      </p>
    </main>
  );
}
