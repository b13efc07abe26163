"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/app/_components/action-form";
import type { ImportState } from "./actions";

/** The roster upload, and after it the printable login cards (one per student, with a QR code to sign in). */
export function ImportForm({ action }: { action: (state: ImportState, formData: FormData) => Promise<ImportState> }) {
  const [state, formAction] = useActionState(action, { status: "idle" });
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
    <form action={formAction} className="stack">
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
        <textarea id="csv" name="csv" rows={6} placeholder={"display name,username\nAna Bell,ana.bell\nBo Chen,bo.chen"} />
      </div>
      <SubmitButton label="Import students" pendingLabel="Importing…" />
    </form>
  );
}
