import { formatPath, lessonSchema } from "./schema";

/* Placeholder until the validator branch lands (same API): every schema issue, by field path. */
export type Problem = { path: string; message: string };

export function describeProblems(draft: unknown): Problem[] {
  const result = lessonSchema.safeParse(draft);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: `${formatPath(issue.path)}: ${issue.message}` }));
}

export function publishable(draft: unknown): boolean {
  return describeProblems(draft).length === 0;
}
