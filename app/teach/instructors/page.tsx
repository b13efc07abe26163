import type { Metadata } from "next";
import { ActionForm, Field, NewPasswordField } from "@/app/_components/action-form";
import { requireRole } from "@/lib/auth/guards";
import { LIMITS } from "@/lib/validation";
import { addInstructorAction } from "../actions";

export const metadata: Metadata = { title: "Instructors" };

export default async function InstructorsPage() {
  await requireRole("instructor");
  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <h1>Add an instructor</h1>
        <p>Create an account for a colleague. They get their own classes; yours stay yours.</p>
      </div>
      <div className="card">
        <ActionForm action={addInstructorAction} submitLabel="Create instructor account" pendingLabel="Creating…">
          <Field name="displayName" label="Their name" required maxLength={LIMITS.displayNameMax} autoComplete="off" />
          <Field name="username" label="Username" required maxLength={LIMITS.usernameMax} autoCapitalize="none" spellCheck={false} autoComplete="off" />
          <NewPasswordField label="Temporary password" hint="At least 8 characters. Tell it to them in person; they choose their own at first sign-in." />
        </ActionForm>
      </div>
    </main>
  );
}
