import type { Question } from "@/lib/content/schema";
import { choiceLetter } from "@/lib/letters";
import {
  DEFAULT_POINTS,
  LIMITS,
  importResult,
  schemaProblems,
  temporaryIds,
  tooLong,
  type ImportError,
  type ImportResult,
} from "./question-import";

/*
 * Moodle Aiken (https://docs.moodle.org/en/Aiken_format) → single-choice questions:
 *
 *   What is the correct answer to this question?
 *   A. Is it this one?
 *   B) Maybe this answer?
 *   ANSWER: B
 *
 * A question ends at its ANSWER line (or at a blank line, which is then an error). Aiken has no feedback,
 * so every explanation is left empty for the author to write.
 */

export type { ImportError, ImportResult } from "./question-import";

const OPTION = /^([A-Za-z])[.)](?:\s+(.*))?$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

type Draft = { line: number; prompt: string[]; options: { letter: string; text: string; line: number }[]; errors: ImportError[] };

export function parseAiken(source: string): ImportResult {
  const ids = temporaryIds();
  const questions: Question[] = [];
  const errors: ImportError[] = [];
  let draft: Draft | undefined;

  const unfinished = (d: Draft) =>
    errors.push(...d.errors, {
      line: d.line,
      message: "This question has no “ANSWER:” line after its options. End every question with a line such as “ANSWER: B” (and keep each option on one line).",
    });

  source
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const text = raw.trim();
      if (!text) {
        if (draft) unfinished(draft);
        draft = undefined;
        return;
      }
      const answer = ANSWER.exec(text);
      if (answer) {
        if (!draft) errors.push({ line, message: "This “ANSWER:” line has no question before it." });
        else {
          const result = finish(draft, answer[1]!.trim(), line, ids);
          errors.push(...result.errors);
          if (result.question) questions.push(result.question);
        }
        draft = undefined;
        return;
      }
      const option = OPTION.exec(text);
      if (option) {
        if (!draft) {
          errors.push({ line, message: "This option has no question before it. Write the question on the line above the options." });
          draft = { line, prompt: [], options: [], errors: [] };
        }
        addOption(draft, option[1]!, (option[2] ?? "").trim(), line);
      } else if (draft && draft.options.length === 0) {
        draft.prompt.push(text);
      } else {
        // Text after options starts the next question: the one before it never got its ANSWER line.
        if (draft) unfinished(draft);
        draft = { line, prompt: [text], options: [], errors: [] };
      }
    });
  if (draft) unfinished(draft);
  return importResult(questions, errors);
}

function addOption(draft: Draft, letter: string, text: string, line: number) {
  const expected = choiceLetter(draft.options.length);
  if (letter.toUpperCase() !== expected)
    draft.errors.push({ line, message: `This option is lettered “${letter}”, but the next option should be “${expected}”. Letter the options A, B, C… in order.` });
  if (!text) draft.errors.push({ line, message: `Option ${expected} has no text.` });
  const problem = tooLong(`Option ${expected}`, text, LIMITS.choice);
  if (problem) draft.errors.push({ line, message: problem });
  draft.options.push({ letter: letter.toUpperCase(), text, line });
}

function finish(draft: Draft, given: string, line: number, ids: ReturnType<typeof temporaryIds>): { question?: Question; errors: ImportError[] } {
  const errors = [...draft.errors];
  // Aiken wants the question on one line; a question wrapped over several lines is joined rather than refused.
  const prompt = draft.prompt.join(" ");
  const { options } = draft;
  if (!prompt) errors.push({ line: draft.line, message: "This question has no question text." });
  const promptTooLong = tooLong("The question text", prompt, LIMITS.prompt);
  if (promptTooLong) errors.push({ line: draft.line, message: promptTooLong });
  if (options.length < 2)
    errors.push({ line: draft.line, message: `This question has ${options.length === 1 ? "only one option" : "no options"}; it needs at least two (A. …, B. …).` });
  if (options.length > LIMITS.singleChoices)
    errors.push({ line: draft.line, message: `This question has ${options.length} options; Colloquy allows at most ${LIMITS.singleChoices}.` });

  const letters = options.map((o) => o.letter).join(", ");
  if (!/^[A-Za-z]$/.test(given))
    errors.push({
      line,
      message: given
        ? `“ANSWER: ${given}” should name one option by its letter (for example “ANSWER: B”); Aiken questions have exactly one right answer.`
        : "The “ANSWER:” line does not say which option is right (for example “ANSWER: B”).",
    });
  else if (options.length >= 2 && !options.some((o) => o.letter === given.toUpperCase()))
    errors.push({ line, message: `“ANSWER: ${given}” is not one of this question's options (${letters}).` });
  if (errors.length) return { errors };

  const question: Question = {
    id: ids.question(),
    type: "single",
    prompt,
    points: DEFAULT_POINTS.single,
    choices: options.map((o) => ({ id: ids.choice(), text: o.text, correct: o.letter === given.toUpperCase() })),
    explanation: "",
  };
  return { question, errors: schemaProblems(question, draft.line) };
}
