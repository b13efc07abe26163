import Link from "next/link";
import type { PublicUser } from "@/db/queries/users";
import { formatJoinCode } from "@/lib/join-code";
import { LIMITS } from "@/lib/validation";
import { ActionForm, Field, NewPasswordField } from "../_components/action-form";
import { joinWithCode, signUpWithCode } from "./actions";

/** The join page's body for whoever is looking: a new student, a signed-in student, or an instructor. */
export function JoinForms({ user, code, className }: { user: PublicUser | null; code?: string; className?: string }) {
  const shownCode = code ? formatJoinCode(code) : undefined;
  if (user?.role === "instructor") {
    return (
      <div className="card">
        <p>You are signed in as an instructor. Students join classes with a code; you create classes on your classes page.</p>
        <Link href="/teach">Go to your classes</Link>
      </div>
    );
  }
  if (user) {
    return (
      <div className="card">
        <h2>{className ? `Join ${className}` : "Join another class"}</h2>
        <ActionForm action={joinWithCode} submitLabel="Join class" pendingLabel="Joining…">
          <Field name="code" label="Join code" defaultValue={shownCode} required maxLength={40} autoCapitalize="characters" autoComplete="off" spellCheck={false} hint="From your instructor, like ABC-234." />
        </ActionForm>
      </div>
    );
  }
  return (
    <div className="card">
      <h2>Create your student account</h2>
      <ActionForm action={signUpWithCode} submitLabel="Create account and join" pendingLabel="Creating your account…">
        <Field name="code" label="Join code" defaultValue={shownCode} required maxLength={40} autoCapitalize="characters" autoComplete="off" spellCheck={false} hint="From your instructor, like ABC-234." />
        <Field name="displayName" label="Your name" autoComplete="name" required maxLength={LIMITS.displayNameMax} hint="As your instructor knows you." />
        <Field
          name="username"
          label="Choose a username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={LIMITS.usernameMax}
          hint="Letters, digits, dots, dashes or underscores."
        />
        <NewPasswordField label="Choose a password" />
      </ActionForm>
      <p className="muted small" style={{ marginTop: "1rem" }}>
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(code ? `/join/${code}` : "/join")}`}>Sign in</Link> and join from there.
      </p>
    </div>
  );
}
