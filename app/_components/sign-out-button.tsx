import Link from "next/link";
import { readCsrfToken } from "@/lib/auth/csrf";

/** A plain form to next-auth's sign-out endpoint: works without JavaScript. */
export async function SignOutButton() {
  const csrfToken = await readCsrfToken();
  if (!csrfToken) return <Link href="/signout">Sign out</Link>;
  return (
    <form method="post" action="/api/auth/signout">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value="/signin?signedOut=1" />
      <button type="submit" className="link-button">
        Sign out
      </button>
    </form>
  );
}
