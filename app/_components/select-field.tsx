"use client";

import { useContext, useId, type SelectHTMLAttributes } from "react";
import { FormStateContext } from "./action-form";

type Props = { name: string; label: string; hint?: string; options: { value: string; label: string }[] } & Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "name" | "id"
>;

/** A labelled select that shows its own server-side error and keeps the chosen option after a failed submit. */
export function SelectField({ name, label, hint, options, defaultValue, ...select }: Props) {
  const state = useContext(FormStateContext);
  const id = useId();
  const error = state.fieldErrors?.[name];
  const kept = state.values?.[name];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {/* React applies a select's defaultValue only when it mounts, and resets the form after the action: without
          the key, a value echoed after an error would be dropped for the first option on that reset. */}
      <select key={kept === undefined ? "default" : `kept:${kept}`} id={id} name={name} defaultValue={kept ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
