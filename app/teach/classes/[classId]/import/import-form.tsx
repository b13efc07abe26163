"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ImportState } from "./actions";

/** The roster upload, and after it the printable login cards (one per student, with a QR code to sign in). */
export function ImportForm({ action }: { action: (state: ImportState, formData: FormData) => Promise<ImportState> }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  // Started by hand so React does not reset the form afterwards: after a refusal the chosen file and the
  // pasted text stay, ready to fix and send again. Without JavaScript the server puts the pasted text back.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  if (state.status === "imported") {
    return (
      <>
        <div className="notice notice-success no-print" role="status">
          {state.cards.length} {state.cards.length === 1 ? "student" : "students"} added to {state.className}. Print these cards now: the passwords are shown only
          this once. Students with a generated password choose their own when they first sign in.{" "}
          <button type="button" className="button button-small" onClick={() => window.print()}>
            Print cards
          </button>
        </div>
        <ul className="login-cards" aria-label="Login cards">
          {state.cards.map((card) => (
            <li key={card.username} className="login-card">
              <div>
                <p className="eyebrow">{state.className}</p>
                <p className="card-name">{card.displayName}</p>
                <dl>
                  <dt>Username</dt>
                  <dd className="code">{card.username}</dd>
                  <dt>Password</dt>
                  <dd className="code">{card.password}</dd>
                </dl>
                <p className="small">Sign in at {state.signInUrl}</p>
              </div>
              <svg viewBox={`-2 -2 ${state.qr.size + 4} ${state.qr.size + 4}`} className="qr" role="img" aria-label={`QR code for ${state.signInUrl}`}>
                <rect x={-2} y={-2} width={state.qr.size + 4} height={state.qr.size + 4} fill="#fff" />
                <path d={state.qr.path} fill="#000" />
              </svg>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <form action={formAction} onSubmit={onSubmit} className="stack">
      {state.status === "error" && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>Nothing was imported.</strong> Fix {state.problems.length === 1 ? "this problem" : `these ${state.problems.length} problems`} and try again:
          </p>
          <ul>
            {state.problems.map((p, i) => (
              <li key={i}>{p.line ? `Line ${p.line}: ${p.message}` : p.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor="roster">Roster file (CSV)</label>
        <p className="hint" id="roster-hint">
          A header row with <code>display name</code>, <code>username</code> and, optionally, <code>password</code>; one student per row. Save from Excel or Google
          Sheets as “CSV (UTF-8)”.
        </p>
        <input id="roster" name="roster" type="file" accept=".csv,text/csv" aria-describedby="roster-hint" />
      </div>
      <div className="field">
        <label htmlFor="csv">…or paste it here</label>
        <textarea id="csv" name="csv" rows={6} defaultValue={state.status === "error" ? state.pasted : undefined} placeholder={"display name,username\nAna Bell,ana.bell\nBo Chen,bo.chen"} />
      </div>
      <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
        {pending ? "Importing…" : "Import students"}
      </button>
    </form>
  );
}
