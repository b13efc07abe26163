"use client";

import { createContext, useActionState, useContext, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { initialFormState, isSecretField, type FormState } from "@/lib/forms";
import { LIMITS } from "@/lib/limits";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export const FormStateContext = createContext<FormState>(initialFormState);

/**
 * A form posting to a server action. Works without JavaScript (the server renders the action's answer);
 * with it, the page stays put and errors appear beside their fields.
 */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel = "Working…",
  children,
  className,
  buttonClassName,
  quiet = false,
}: {
  action: Action;
  submitLabel: string;
  pendingLabel?: string;
  children?: ReactNode;
  className?: string;
  buttonClassName?: string;
  /** Say nothing on success: for small controls whose effect is on screen at once (errors still show). */
  quiet?: boolean;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const summaryId = useId();
  // A confirmation the person cancelled stays away until the action asks again.
  const [dismissed, setDismissed] = useState<FormState | null>(null);
  const confirm = state.confirm && dismissed !== state ? state.confirm : undefined;
  const shown = state.message && !state.confirm && !(quiet && state.status === "success");
  return (
    <form action={formAction} className={className ?? "stack"} aria-describedby={shown || confirm ? summaryId : undefined}>
      {shown && (
        <p id={summaryId} role={state.status === "error" ? "alert" : "status"} className={state.status === "error" ? "notice notice-error" : "notice notice-success"}>
          {state.message}
        </p>
      )}
      <FormStateContext.Provider value={state}>{children}</FormStateContext.Provider>
      {confirm ? (
        <div className="notice notice-warn" role="alert" id={summaryId}>
          <p>{state.message}</p>
          <div className="row">
            <button type="submit" className="button" name={confirm.name} value={confirm.value}>
              {confirm.label}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setDismissed(state)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <SubmitButton label={submitLabel} pendingLabel={pendingLabel} className={buttonClassName} />
      )}
    </form>
  );
}

export function SubmitButton({ label, pendingLabel = "Working…", className = "button" }: { label: string; pendingLabel?: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

type FieldProps = { name: string; label: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

/** A labelled input that shows its own server-side error and keeps what was typed after a failed submit. */
export function Field({ name, label, hint, defaultValue, type = "text", ...input }: FieldProps) {
  const state = useContext(FormStateContext);
  const id = useId();
  const error = state.fieldErrors?.[name];
  // The server never echoes a secret (lib/forms.ts), and only knows a field is one by its name.
  if (type === "password" && !isSecretField(name)) throw new Error(`Password field "${name}" must have "password" in its name, so that it is never echoed back.`);
  const kept = type === "password" ? undefined : state.values?.[name];
  // After a refused submit every other field is filled in again; a password never is, and the form says why.
  const retype = type === "password" && state.status === "error" && state.values !== undefined;
  const describedBy = [hint && `${id}-hint`, retype && `${id}-retype`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {retype && (
        <p id={`${id}-retype`} className="hint field-retype">
          For your security, enter your password again: it is never sent back to the page.
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={kept ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled textarea that shows its own server-side error and keeps what was typed after a failed submit. */
export function TextAreaField({
  name,
  label,
  hint,
  rows = 6,
  maxLength,
  defaultValue,
}: {
  name: string;
  label: string;
  hint?: string;
  rows?: number;
  maxLength?: number;
  defaultValue?: string;
}) {
  const state = useContext(FormStateContext);
  const id = useId();
  const error = state.fieldErrors?.[name];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <textarea
        key={state.values?.[name] ?? defaultValue ?? ""}
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={state.values?.[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A new password with the house rules (hinted, limited) — sign-up, setup, new instructors, password change. */
export function NewPasswordField({ name = "password", label, hint }: { name?: string; label: string; hint?: string }) {
  return (
    <Field
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      required
      minLength={LIMITS.passwordMin}
      maxLength={LIMITS.passwordMax}
      hint={hint ?? `At least ${LIMITS.passwordMin} characters.`}
    />
  );
}

/** A checkbox that keeps what was sent after a refused submit (a checkbox left unticked is simply absent). */
export function CheckboxField({ name, label, defaultChecked = false }: { name: string; label: string; defaultChecked?: boolean }) {
  const state = useContext(FormStateContext);
  const checked = state.values ? state.values[name] !== undefined : defaultChecked;
  // Keyed on the value: React applies defaultChecked only when the input appears, and resets the form to it.
  return (
    <label className="checkbox-line">
      <input key={String(checked)} type="checkbox" name={name} defaultChecked={checked} /> {label}
    </label>
  );
}

/** A row of radio buttons (a scale) that keeps the choice sent after a refused submit, else shows `checked`. */
export function ScaleFieldset({ legend, name, options, checked }: { legend: string; name: string; options: readonly { value: number; label: string }[]; checked?: number }) {
  const state = useContext(FormStateContext);
  const chosen = state.values?.[name] ?? (checked === undefined ? undefined : String(checked));
  return (
    <fieldset className="stance" key={chosen ?? ""}>
      <legend>{legend}</legend>
      <div className="stance-scale">
        {options.map((o) => (
          <label key={o.value} className="option">
            <input type="radio" name={name} value={o.value} defaultChecked={chosen === String(o.value)} required />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
