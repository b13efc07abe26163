import { formatPath, questionSchema, type Question } from "@/lib/content/schema";

/*
 * What the question importers (GIFT, Aiken) share: their result type, the temporary ids they hand out,
 * default points, and a last check of every question against the lesson schema.
 */

/** A problem in an imported file, by 1-based line number, worded for the teacher who wrote the file. */
export type ImportError = { line: number; message: string };

/** A file with any error is refused whole, with every error listed. */
export type ImportResult = { ok: true; questions: Question[] } | { ok: false; errors: ImportError[] };

/** Suggested points per type (content/README.md). */
export const DEFAULT_POINTS = { single: 1, truefalse: 1, multiple: 2, short: 3 } as const;

/** Limits of lib/content/schema.ts, repeated so that the importers can say which line breaks them. */
export const LIMITS = { prompt: 1000, choice: 500, explanation: 2000, sampleAnswer: 3000, singleChoices: 8, multipleChoices: 10 } as const;

/**
 * Hands out `new-q1`, `new-q2`… and `new-c1`, `new-c2`…: temporaries, unique within one import, that the
 * server replaces with real ids when the questions are added to a lesson.
 */
export function temporaryIds() {
  let questions = 0;
  let choices = 0;
  return { question: () => `new-q${++questions}`, choice: () => `new-c${++choices}` };
}

/**
 * Checks a built question against `questionSchema`, the importers' safety net behind their own checks.
 * A missing explanation is allowed (the importers give "" and the editor asks the author to fill it in).
 */
export function schemaProblems(question: Question, line: number): ImportError[] {
  const result = questionSchema.safeParse({ ...question, explanation: question.explanation || "-" });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ line, message: `This question does not fit Colloquy's format (${formatPath(issue.path)}: ${issue.message}).` }));
}

export function tooLong(what: string, text: string, max: number): string | undefined {
  return text.length > max ? `${what} is ${text.length} characters long; Colloquy allows at most ${max}.` : undefined;
}

/** The result of an import: refused whole if anything went wrong, errors in line order. */
export function importResult(questions: Question[], errors: ImportError[]): ImportResult {
  if (errors.length) return { ok: false, errors: [...errors].sort((a, b) => a.line - b.line) };
  if (!questions.length) return { ok: false, errors: [{ line: 1, message: "The file has no questions." }] };
  return { ok: true, questions };
}
