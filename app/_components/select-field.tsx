"use client";

import { useContext, useId, type SelectHTMLAttributes } from "react";
import { FormStateContext } from "./action-form";

type Props = { name: string; label: string; hint?: string; options: { value: string; label: string }[] } & Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "name" | "id"
>;

export function SelectField({ name, label, hint, options, defaultValue, ...select }: Props) {
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
      <select id={id} name={name} defaultValue={state.values?.[name] ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
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
