/*
 * Reading answers out of the lesson form. Shared by the server (a whole-form save or submit, which also
 * works without JavaScript) and the browser (autosave of the items that changed), so both read a form
 * the same way. No dependencies: it ships to the browser.
 *
 * Field names: `q:<questionId>` (radio value, checkbox values, or text), and for a debate prompt
 * `d:<id>:stance`, `d:<id>:argument` and `d:<id>:cite` (checkbox values).
 */

export type ItemKind = "single" | "multiple" | "truefalse" | "short" | "evidence" | "debate";
export type FormItem = { id: string; kind: ItemKind };

/** The item a form field belongs to, or null for other fields (intent buttons, React's own fields). */
export function itemIdOfField(name: string): string | null {
  const match = /^(?:q:([^:]+)|d:([^:]+):(?:stance|argument|cite))$/.exec(name);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

type Values = { getAll(name: string): FormDataEntryValue[] };

/**
 * The raw answer of each item, as the form holds it now. Every listed item is in the result: one with
 * nothing filled in is `null` (its draft is cleared). Shapes are checked on the server (lib/answers.ts).
 */
export function readAnswers(items: readonly FormItem[], form: Values): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const strings = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  for (const { id, kind } of items) {
    const values = strings(`q:${id}`);
    const first = values[0];
    switch (kind) {
      case "debate": {
        const stance = strings(`d:${id}:stance`)[0];
        const argument = strings(`d:${id}:argument`)[0] ?? "";
        const citations = strings(`d:${id}:cite`);
        answers[id] = stance || argument.trim() || citations.length ? { stance: stance ? Number(stance) : null, argument, citations } : null;
        break;
      }
      case "single":
        answers[id] = first ? { choice: first } : null;
        break;
      case "truefalse":
        answers[id] = first === undefined || first === "" ? null : { value: first === "true" ? true : first === "false" ? false : first };
        break;
      case "multiple":
        answers[id] = values.length ? { choices: values } : null;
        break;
      case "short":
        answers[id] = first?.trim() ? { text: first } : null;
        break;
      case "evidence":
        answers[id] = values.length ? { sentences: values } : null;
        break;
    }
  }
  return answers;
}

/** Answered, for the progress indicator and the unanswered check: a debate needs a stance and an argument. */
export function isAnswered(raw: unknown): boolean {
  if (!raw || typeof raw !== "object") return false;
  if ("argument" in raw) {
    const debate = raw as { stance: unknown; argument: unknown };
    return debate.stance !== null && typeof debate.argument === "string" && debate.argument.trim().length > 0;
  }
  return true;
}

/** Puts a raw answer (as readAnswers returns it) back into the form's controls: the inverse of reading. */
export function writeAnswer(form: HTMLFormElement, item: FormItem, raw: unknown): void {
  const controls = (name: string) => Array.from(form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`));
  const setChoices = (name: string, values: string[]) => {
    for (const control of controls(name)) if (control instanceof HTMLInputElement) control.checked = values.includes(control.value);
  };
  const setText = (name: string, text: string) => {
    for (const control of controls(name)) control.value = text;
  };
  const answer = (raw ?? {}) as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  switch (item.kind) {
    case "debate":
      setChoices(`d:${item.id}:stance`, answer.stance == null ? [] : [String(answer.stance)]);
      setText(`d:${item.id}:argument`, typeof answer.argument === "string" ? answer.argument : "");
      setChoices(`d:${item.id}:cite`, list(answer.citations));
      break;
    case "single":
      setChoices(`q:${item.id}`, answer.choice == null ? [] : [String(answer.choice)]);
      break;
    case "truefalse":
      setChoices(`q:${item.id}`, answer.value == null ? [] : [String(answer.value)]);
      break;
    case "multiple":
      setChoices(`q:${item.id}`, list(answer.choices));
      break;
    case "evidence":
      setChoices(`q:${item.id}`, list(answer.sentences));
      break;
    case "short":
      setText(`q:${item.id}`, typeof answer.text === "string" ? answer.text : "");
      break;
  }
}
