"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ImportState } from "./actions";

/** The roster upload, then a preview of the students it creates, and after it the printable login cards (one per student, with a QR code to sign in). */
export function ImportForm({ action, usernameRule }: { action: (state: ImportState, formData: FormData) => Promise<ImportState>; usernameRule: string }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  // Started by hand so React does not reset the form afterwards: after a refusal the chosen file and the
  // pasted text stay, ready to fix and send again. Without JavaScript the server puts the pasted text back.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // With the button pressed (its name and value say which step: create the roster, or change it).
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => formAction(data));
  };
  if (state.status === "imported") {
    return (
      <>
        <div className="notice notice-success no-print" role="status">
          {state.cards.length} {state.cards.length === 1 ? "student" : "students"} added to {state.className}
          {state.inClass > 0 && ` (${state.inClass} already in the class ${state.inClass === 1 ? "was" : "were"} left as they were)`}. Print
          these cards now: the passwords are shown only this once. Students with a generated password choose their own when they first sign in.{" "}
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
  if (state.status === "preview") {
    const n = state.rows.filter((row) => !row.inClass).length;
    const already = state.rows.length - n;
    return (
      <section className="stack" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Check the students before they are created</h2>
        <p role="status">
          <strong>Nothing has been created yet.</strong> {n === 1 ? "One student" : `${n} students`} will get an account and be enrolled in {state.className}
          {already > 0 && `; ${already} ${already === 1 ? "is" : "are"} in the class already and ${already === 1 ? "is" : "are"} left as they are`}:
        </p>
        <div className="table-wrap">
          <table className="data roster-preview">
            <caption className="visually-hidden">Students to create</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Display name</th>
                <th scope="col">Username</th>
                <th scope="col">Password</th>
              </tr>
            </thead>
            <tbody>
              {state.rows.map((row) => (
                <tr key={row.line} className={row.inClass ? "muted" : undefined}>
                  <td>{row.line}</td>
                  <td>{row.displayName}</td>
                  <td>
                    <span className="code">{row.username}</span>
                    {row.usernameFrom !== "username" && <span className="muted small"> (from the {row.usernameFrom === "email" ? "email" : "student ID"})</span>}
                  </td>
                  <td>
                    {row.inClass === "active"
                      ? "in the class already: nothing changes"
                      : row.inClass === "withdrawn"
                        ? "withdrawn from the class: stays so (add them back on the class page)"
                        : row.password === "file"
                          ? "from the file"
                          : "generated, on the login card"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form action={formAction} onSubmit={onSubmit} className="row">
          <input type="hidden" name="csv" value={state.csv} />
          <button type="submit" name="intent" value="create" className="button" disabled={pending} aria-disabled={pending}>
            {pending ? "Creating…" : `Create ${n === 1 ? "1 student" : `${n} students`}`}
          </button>
          <button type="submit" name="intent" value="edit" className="button button-secondary" disabled={pending}>
            Change the roster
          </button>
        </form>
      </section>
    );
  }
  const pastedBack = state.status === "error" || state.status === "idle" ? state.pasted : undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} className="stack">
      <input type="hidden" name="intent" value="preview" />
      {state.status === "error" && (
        <div className="notice notice-error" role="alert" id="roster-problems">
          <p>
            <strong>Nothing was imported.</strong> Fix {state.problems.length === 1 ? "this problem" : `these ${state.problems.length} problems`} and try again:
          </p>
          <ul>
            {state.problems.map((p, i) => (
              <li key={i}>
                {p.line ? `Line ${p.line}: ${p.message}` : p.message}
                {p.line && p.line > 1 && p.text !== undefined && (
                  <>
                    {" "}
                    <span className="muted small">
                      (the line reads: <span className="code">{p.text || "(empty)"}</span>)
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor="roster">Roster file (CSV)</label>
        <div className="hint" id="roster-hint">
          <p>
            One student per row, under a header row. Either Colloquy&apos;s columns, <code>display name</code>, <code>username</code> and, optionally,{" "}
            <code>password</code>; or what a school system exports: <code>First name</code>, <code>Last name</code>, <code>Email</code> and/or{" "}
            <code>Student ID</code>, in any order (a display name column may replace first and last name). Save from Excel or Google Sheets as “CSV (UTF-8)”.
          </p>
          <p>
            <strong>Usernames</strong> are {usernameRule}: <code>Ana.Bell@school.org</code> becomes <code>ana.bell</code>. A username used twice in the file, or
            already in use outside this class, is reported with its line: give that row a <code>username</code> column value of its own. Emails are used only to
            make usernames; they are not stored. An updated roster can be imported again: students already in the class are left as they are.
          </p>
        </div>
        <input id="roster" name="roster" type="file" accept=".csv,text/csv" aria-describedby="roster-hint" />
      </div>
      <div className="field">
        <label htmlFor="csv">…or paste it here</label>
        <textarea
          id="csv"
          name="csv"
          rows={6}
          defaultValue={pastedBack}
          aria-describedby={state.status === "error" ? "roster-problems" : undefined}
          placeholder={"First name,Last name,Email\nAna,Bell,ana.bell@school.org\nBo,Chen,bo.chen@school.org"}
        />
      </div>
      <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
        {pending ? "Checking…" : "Check the roster"}
      </button>
    </form>
  );
}
