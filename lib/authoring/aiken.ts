import type { Question } from "@/lib/content/schema";
import { DEFAULT_POINTS, result, tempIds, type ImportProblem, type ImportResult } from "./question-import";

/*
 * Moodle's Aiken format (docs.moodle.org/en/Aiken_format): single-choice questions only.
 *
 *   What is the correct answer to this question?
 *   A. Is it this one?
 *   B) Maybe this answer?
 *   ANSWER: B
 *
 * The question is one line, each option a capital letter with "." or ")" and a space, in order from A, and
 * the ANSWER line follows the last option. Questions may be separated by blank lines.
 */

const OPTION = /^([A-Z])[.)]\s+(.*\S)\s*$/;
const ANSWER = /^ANSWER:\s*(\S*)\s*$/;
const MAX_CHOICES = 8;

export function parseAiken(source: string): ImportResult {
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  const ids = tempIds();
  const questions: Question[] = [];
  const errors: ImportProblem[] = [];
  // A question with a problem already reported is read to its end without more reports about it.
  let current: { line: number; prompt: string; options: { letter: string; text: string; line: number }[]; broken?: boolean } | null = null;

  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (!line) {
      if (current && !current.broken) errors.push({ line: current.line, message: `The question “${short(current.prompt)}” has no ANSWER line: end it with “ANSWER: ” and the letter of the right option.` });
      current = null;
      return;
    }
    const answer = ANSWER.exec(line);
    const option = OPTION.exec(line);
    if (answer) {
      if (!current) return void errors.push({ line: n, message: "An ANSWER line without a question above it." });
      const letter = answer[1]!;
      const q = current;
      current = null;
      if (q.broken) return;
      if (q.options.length < 2) return void errors.push({ line: q.line, message: `The question “${short(q.prompt)}” needs at least two options (A. …, B. …).` });
      if (q.options.length > MAX_CHOICES) return void errors.push({ line: q.line, message: `The question “${short(q.prompt)}” has ${q.options.length} options; Colloquy allows at most ${MAX_CHOICES}.` });
      const right = q.options.findIndex((o) => o.letter === letter);
      if (right < 0) return void errors.push({ line: n, message: `“ANSWER: ${letter}” names no option of the question above (its options are ${q.options.map((o) => o.letter).join(", ")}).` });
      questions.push({
        id: ids.question(),
        type: "single",
        prompt: q.prompt,
        points: DEFAULT_POINTS.single,
        explanation: "",
        choices: q.options.map((o, k) => ({ id: ids.choice(), text: o.text, correct: k === right })),
      });
      return;
    }
    if (current && option) {
      const expected = String.fromCharCode(65 + current.options.length);
      if (option[1] !== expected) {
        if (!current.broken) errors.push({ line: n, message: `Option ${option[1]} is out of order: the next option of this question should be ${expected}.` });
        current.broken = true;
        return;
      }
      current.options.push({ letter: option[1]!, text: option[2]!, line: n });
      return;
    }
    if (current) {
      if (current.broken) return;
      current.broken = true;
      if (current.options.length === 0) errors.push({ line: n, message: "In Aiken the question is one line: join this line to the one above, or start the options with “A. ”." });
      else errors.push({ line: n, message: "This line is neither an option (“C. …”) nor the ANSWER line; every option starts with a capital letter and “.” or “)”." });
      return;
    }
    current = { line: n, prompt: line, options: [] };
  });
  const last = current as { line: number; broken?: boolean } | null;
  if (last && !last.broken) errors.push({ line: last.line, message: `The last question has no ANSWER line: end it with “ANSWER: ” and the letter of the right option.` });
  return result(questions, errors);
}

function short(text: string): string {
  return text.length > 50 ? `${text.slice(0, 47)}…` : text;
}
