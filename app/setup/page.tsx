import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/db/client";
import { isSetupOpen } from "@/db/queries/users";
import { LIMITS } from "@/lib/validation";
import { ActionForm, Field, NewPasswordField } from "../_components/action-form";
import { setUpFirstInstructor } from "./actions";

export const metadata: Metadata = { title: "Set up Colloquy" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  if (!(await isSetupOpen(db))) {
    return (
      <main id="main" className="narrow">
        <h1>Colloquy is already set up</h1>
        <p>The first instructor account exists, so setup is closed. Instructors can add more instructors after signing in.</p>
        <Link className="button" href="/signin">
          Sign in
        </Link>
      </main>
    );
  }
  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <p className="eyebrow">First run</p>
        <h1>Set up Colloquy</h1>
        <p>Create the first instructor account. This page closes for good once it exists.</p>
      </div>
      <div className="card">
        <ActionForm action={setUpFirstInstructor} submitLabel="Create instructor account" pendingLabel="Creating…">
          <Field
            name="code"
            label="Setup code"
            required
            maxLength={40}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            defaultValue={typeof code === "string" ? code.slice(0, 40) : undefined}
            hint="Shown in the console where Colloquy was started (npm start prints it, with a link to this page): it proves you run this server."
          />
          <Field name="displayName" label="Your name" autoComplete="name" required maxLength={LIMITS.displayNameMax} hint="Shown to your students." />
          <Field name="username" label="Username" autoComplete="username" required maxLength={LIMITS.usernameMax} autoCapitalize="none" spellCheck={false} />
          <NewPasswordField label="Password" />
        </ActionForm>
      </div>
    </main>
  );
}
