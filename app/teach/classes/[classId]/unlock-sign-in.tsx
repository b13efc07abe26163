"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/app/_components/action-form";
import { initialFormState } from "@/lib/forms";
import { unlockSignInAction } from "./actions";

/**
 * A student's sign-in lock and the button that lifts it. Once lifted it says so in its place (the page is not
 * re-rendered, so the message and the keyboard focus nearby stay).
 */
export function UnlockSignIn({ classId, studentId }: { classId: number; studentId: number }) {
  const [state, action] = useActionState(unlockSignInAction, initialFormState);
  if (state.status === "success") {
    return (
      <p role="status" className="small">
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} className="inline-form unlock-form">
      {state.status === "error" && (
        <p role="alert" className="notice notice-error">
          {state.message}
        </p>
      )}
      <span className="badge badge-bad">Sign-in locked</span>
      <input type="hidden" name="classId" value={classId} />
      <input type="hidden" name="studentId" value={studentId} />
      <SubmitButton label="Unlock sign-in" pendingLabel="Unlocking…" className="button button-small" />
    </form>
  );
}
