"use client";

import { createContext, useContext, useId, type ReactNode } from "react";
import type { Problem } from "@/lib/content/problems";

/** The draft's problems by the path of the field they concern ("excerpts[0].questions[1].key"). */
export const ProblemsContext = createContext<Map<string, Problem[]>>(new Map());

/** The React key of a part of the draft by its id: the same before and after the server mints its permanent id. */
export const KeyContext = createContext<(id: string) => string>((id) => id);

export function useKeyOf(): (id: string) => string {
  return useContext(KeyContext);
}

/** The DOM id of the field at a path, so the problem list can link to it. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}

export function useProblems(path: string): Problem[] {
  return useContext(ProblemsContext).get(path) ?? [];
}

/** The problems of one field, beside it (announced with the field through aria-describedby). */
export function FieldProblems({ id, problems }: { id: string; problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <div id={id}>
      {problems.map((p) => (
        <p key={p.message} className="field-error">
          {p.message}
        </p>
      ))}
    </div>
  );
}

type TextProps = {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  multiline?: boolean | number;
  maxLength?: number;
  placeholder?: string;
  className?: string;
};

/** A text field of the draft: labelled, its problems beside it, its id derived from its path. */
export function TextField({ path, label, value, onChange, hint, multiline, maxLength, placeholder, className }: TextProps) {
  const problems = useProblems(path);
  const hintId = useId();
  const problemId = useId();
  const describedBy = [hint ? hintId : "", problems.length ? problemId : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id: fieldId(path),
    value,
    maxLength,
    placeholder,
    "aria-invalid": problems.length > 0 || undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={common.id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={typeof multiline === "number" ? multiline : 3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldProblems id={problemId} problems={problems} />
    </div>
  );
}

/** A number field (points, year); empty is null, which the schema reports where a number is required. */
export function NumberField({ path, label, value, onChange, hint, min, max, step = "any" }: { path: string; label: string; value: number | null; onChange: (value: number | null) => void; hint?: string; min?: number; max?: number; step?: string }) {
  const problems = useProblems(path);
  const problemId = useId();
  const hintId = useId();
  return (
    <div className="field field-number">
      <label htmlFor={fieldId(path)}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <input
        id={fieldId(path)}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={value ?? ""}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={[hint ? hintId : "", problems.length ? problemId : ""].filter(Boolean).join(" ") || undefined}
        onChange={(e) => {
          const raw = e.target.value;
          const n = raw === "" ? null : Number(raw);
          onChange(n === null || Number.isFinite(n) ? n : null);
        }}
      />
      <FieldProblems id={problemId} problems={problems} />
    </div>
  );
}

/** A group of controls (choices, key sentences, rubric levels) whose problems concern the whole group. */
export function GroupProblems({ path }: { path: string }) {
  const problems = useProblems(path);
  return <FieldProblems id={fieldId(path)} problems={problems} />;
}

export function Toolbar({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="editor-toolbar" role="group" aria-label={label}>
      {children}
    </div>
  );
}
