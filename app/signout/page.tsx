import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readCsrfToken } from "@/lib/auth/csrf";
import { getCurrentUser } from "@/lib/auth/guards";
import { SignOutForm } from "../_components/sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage({ searchParams }: { searchParams: Promise<{ checked?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?signedOut=1");
  const csrfToken = await readCsrfToken();
  // next-auth's sign-out endpoint sets its CSRF cookie and sends the browser back here with ?checked=1.
  if (!csrfToken && !(await searchParams).checked) redirect("/api/auth/signout");
  return (
    <main id="main" className="narrow">
      <h1>Sign out</h1>
      {csrfToken ? (
        <>
          <p>Sign out of Colloquy? This ends your sessions on every device you are signed in on.</p>
          <SignOutForm csrfToken={csrfToken} className="button" />
        </>
      ) : (
        <p className="notice notice-error" role="alert">
          Your browser did not keep Colloquy&apos;s cookie. Allow cookies for this site, then reload the page to sign out.
        </p>
      )}
    </main>
  );
}
