import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm, Field, NewPasswordField } from "@/app/_components/action-form";
import { getCurrentUser } from "@/lib/auth/guards";
import { LIMITS } from "@/lib/validation";
import { changePassword } from "./actions";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=%2Faccount%2Fpassword");
  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <h1>{user.mustChangePassword ? "Choose a new password" : "Change your password"}</h1>
        <p>
          {user.mustChangePassword
            ? "You signed in with a temporary password. Choose your own to continue."
            : "Your other devices will be signed out."}
        </p>
      </div>
      <div className="card">
        <ActionForm action={changePassword} submitLabel="Save new password" pendingLabel="Saving…">
          <input type="text" name="username" autoComplete="username" defaultValue={user.username} hidden readOnly />
          {!user.mustChangePassword && <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" required maxLength={LIMITS.passwordMax} />}
          <NewPasswordField label="New password" />
          <Field name="confirmPassword" label="New password again" type="password" autoComplete="new-password" required maxLength={LIMITS.passwordMax} />
        </ActionForm>
      </div>
    </main>
  );
}
