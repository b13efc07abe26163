import Link from "next/link";
import { readCsrfToken } from "@/lib/auth/csrf";

/** A plain form to next-auth's sign-out endpoint: works without JavaScript. */
export function SignOutForm({ csrfToken, className = "link-button" }: { csrfToken: string; className?: string }) {
  return (
    <form method="post" action="/api/auth/signout">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value="/signin?signedOut=1" />
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}

/** The header's sign-out: the form when the CSRF token is at hand, else a link to the sign-out page. */
export async function SignOutButton() {
  const csrfToken = await readCsrfToken();
  return csrfToken ? <SignOutForm csrfToken={csrfToken} /> : <Link href="/signout">Sign out</Link>;
}
