import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readCsrfToken } from "@/lib/auth/csrf";
import { getCurrentUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?signedOut=1");
  const csrfToken = await readCsrfToken();
  // next-auth's sign-out endpoint sets its CSRF cookie and sends the browser back here.
  if (!csrfToken) redirect("/api/auth/signout");
  return (
    <main id="main" className="narrow">
      <h1>Sign out</h1>
      <p>Sign out of Colloquy on this device?</p>
      <form method="post" action="/api/auth/signout">
        <input type="hidden" name="csrfToken" value={csrfToken} />
        <input type="hidden" name="callbackUrl" value="/signin?signedOut=1" />
        <button type="submit" className="button">
          Sign out
        </button>
      </form>
    </main>
  );
}
