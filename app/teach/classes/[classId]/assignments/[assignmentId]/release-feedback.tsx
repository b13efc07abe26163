"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { SubmitButton } from "@/app/_components/action-form";
import { releaseFeedbackAction, type ReleaseState } from "@/app/teach/actions";
import { initialFormState } from "@/lib/forms";

/**
 * The feedback card's body while feedback is held: the release button, then (if answers are still waiting
 * for a grade) one question that says how many, then the outcome. The card says held or released, never
 * both. Without JavaScript the page comes back from the server with whichever is true.
 */
export function ReleaseFeedback({ assignmentId, gradeHref }: { assignmentId: number; gradeHref: string }) {
  const [state, formAction] = useActionState<ReleaseState, FormData>(releaseFeedbackAction, initialFormState);
  const questionRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "confirm") questionRef.current?.focus();
  }, [state]);

  if (state.status === "success") {
    return (
      <p className="notice notice-success" role="status">
        {state.message}
      </p>
    );
  }
  return (
    <form action={formAction} className="stack">
      <input type="hidden" name="assignmentId" value={assignmentId} />
      {state.status === "confirm" ? (
        <div className="notice notice-warn" role="alert" tabIndex={-1} ref={questionRef}>
          <p>
            <strong>{state.message}</strong> Students then see those answers as waiting for a grade, and the rest of their feedback now.
          </p>
          <input type="hidden" name="ungradedSeen" value={state.ungraded} />
          <div className="row">
            <SubmitButton label="Release anyway" pendingLabel="Releasing…" />
            <Link className="button button-secondary" href={gradeHref}>
              Grade them first
            </Link>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">Held until you release it. Students see only that they submitted.</p>
          {state.status === "error" && (
            <p className="notice notice-error" role="alert">
              {state.message}
            </p>
          )}
          <div>
            <SubmitButton label="Release feedback to students" pendingLabel="Releasing…" />
          </div>
        </>
      )}
    </form>
  );
}
