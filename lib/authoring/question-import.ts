import type { Question } from "@/lib/content/schema";

/*
 * What the GIFT and Aiken importers give back: every question of a file, or every problem in it (a file
 * with any problem is refused whole). Ids are temporaries (`new-…`) that the editor replaces with its own and
 * the server mints permanently. A question without feedback in the file gets an empty explanation, which the
 * editor flags for the author to write before publishing.
 */
export type ImportProblem = { line: number; message: string };
export type ImportResult = { ok: true; questions: Question[] } | { ok: false; errors: ImportProblem[] };

export const DEFAULT_POINTS = { single: 1, truefalse: 1, multiple: 2, short: 3 } as const;

/** Temporary ids unique within one import. */
export function tempIds() {
  let q = 0;
  let c = 0;
  return { question: () => `new-q${++q}`, choice: () => `new-c${++c}` };
}

export function result(questions: Question[], errors: ImportProblem[]): ImportResult {
  return errors.length ? { ok: false, errors } : { ok: true, questions };
}
