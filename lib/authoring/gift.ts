import type { Question } from "@/lib/content/schema";
import { DEFAULT_POINTS, result, tempIds, type ImportProblem, type ImportResult } from "./question-import";

/*
 * Moodle's GIFT format (docs.moodle.org/en/GIFT_format), the part of it Colloquy has questions for:
 *
 *   // a comment
 *   ::Title:: Who's buried in Grant's tomb? {=Grant ~no one #Feedback on this choice ~Napoleon}
 *   Grant is buried in Grant's tomb. {FALSE#It is Grant. ####General feedback}
 *   Select all that apply. {~%50%Red ~%50%Blue ~%-100%Green}
 *   Two plus two? {=four =4}
 *
 * One `=` answer among `~` ones is single choice; weighted `~%n%` answers are multiple select (a positive
 * weight is correct); only `=` answers is short answer (graded by the instructor; the accepted answers
 * become the sample answer); T/TRUE/F/FALSE is true/false. General feedback (`####`) becomes the
 * explanation, else the feedback of the right answer(s). Titles, `$CATEGORY:` lines and text formats
 * (`[html]`, `[markdown]`…) are read and dropped; text is always plain (a tag stays text).
 */

export const GIFT_UNSUPPORTED: { feature: string; why: string }[] = [
  { feature: "Matching (=a -> b)", why: "Colloquy has no matching questions." },
  { feature: "Numerical ({#…})", why: "Colloquy has no numerical questions; write it as short answer or single choice." },
  { feature: "Missing word (text after the answers)", why: "Colloquy shows the prompt whole; put the answers at the end." },
  { feature: "Essay ({})", why: "Use a short-answer question, which the instructor grades." },
  { feature: "Description (no answers)", why: "Colloquy's text lives in the excerpts, not among the questions." },
  { feature: "Partial credit on short answers (=%50%…)", why: "Short answers are graded by the instructor with a rubric." },
];

const LIMITS = { single: 8, multiple: 10 };

type Block = { line: number; text: string };

/** Questions are separated by blank lines; comments (`//`) and `$CATEGORY:` lines are dropped. */
function blocks(source: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  source
    .replace(/^\uFEFF/, "")
    .split(/\r\n?|\n/)
    .forEach((raw, i) => {
      const line = raw.trimEnd();
      if (/^\s*\/\//.test(line) || /^\s*\$CATEGORY:/i.test(line)) return;
      if (!line.trim()) {
        if (current) out.push(current);
        current = null;
        return;
      }
      if (current) current.text += `\n${line}`;
      else current = { line: i + 1, text: line };
    });
  if (current) out.push(current);
  return out;
}

/** The index of the first unescaped `ch` at or after `from`, or -1. */
function find(text: string, ch: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === ch) return i;
  }
  return -1;
}

const unescape = (text: string) => text.replace(/\\([~=#{}:\\])/g, "$1").replace(/\\n/g, "\n");
const clean = (text: string) => unescape(text).replace(/\s+/g, " ").trim();

/** Splits at unescaped characters of `set`, keeping which one started each part. */
function splitMarked(text: string, set: string): { mark: string; body: string }[] {
  const parts: { mark: string; body: string }[] = [];
  let mark = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (set.includes(text[i]!)) {
      parts.push({ mark, body: text.slice(start, i) });
      mark = text[i]!;
      start = i + 1;
    }
  }
  parts.push({ mark, body: text.slice(start) });
  return parts;
}

/** "text#feedback" → both halves (the first unescaped #). */
function withFeedback(body: string): { text: string; feedback: string } {
  const at = find(body, "#");
  return at < 0 ? { text: clean(body), feedback: "" } : { text: clean(body.slice(0, at)), feedback: clean(body.slice(at + 1)) };
}

export function parseGift(source: string): ImportResult {
  const ids = tempIds();
  const questions: Question[] = [];
  const errors: ImportProblem[] = [];
  for (const block of blocks(source)) {
    const parsed = parseQuestion(block, ids);
    if ("message" in parsed) errors.push({ line: parsed.line, message: parsed.message });
    else questions.push(parsed);
  }
  return result(questions, errors);
}

type Ids = ReturnType<typeof tempIds>;

function parseQuestion(block: Block, ids: Ids): Question | ImportProblem {
  const fail = (message: string, offset = 0) => ({ line: block.line + block.text.slice(0, offset).split("\n").length - 1, message });
  let text = block.text.trim();
  // ::Title:: is read and dropped: a Colloquy question has no title of its own.
  const title = /^::([\s\S]*?)::/.exec(text);
  if (title) text = text.slice(title[0].length).trim();
  text = text.replace(/^\[(?:html|moodle|plain|markdown)\]/i, "").trim();

  const open = find(text, "{");
  if (open < 0) return fail(`A description (text with no answers in { }) is not a question; Colloquy's text lives in the excerpts. Remove it or add answers.`);
  const close = find(text, "}", open);
  if (close < 0) return fail("The answers start with “{” but never end: add the closing “}” (write \\} for a brace in the text).", open);
  const after = text.slice(close + 1).trim();
  if (after) return fail(`A missing-word question (text after the answers: “${after.slice(0, 30)}”) is not supported: put the answers at the end of the question.`, close);
  if (find(text, "{", close + 1) >= 0) return fail("Only one set of answers { } per question is supported.", close);

  const prompt = clean(text.slice(0, open));
  if (!prompt) return fail("The question has answers but no question text before the “{”.");
  let inside = text.slice(open + 1, close);
  let general = "";
  const generalAt = inside.search(/(?<!\\)####/);
  if (generalAt >= 0) {
    general = clean(inside.slice(generalAt + 4));
    inside = inside.slice(0, generalAt);
  }
  const answers = inside.trim();
  if (!answers) return fail("An essay question ({}) is not supported: write it as a short-answer question, which you grade.", open);
  if (answers.startsWith("#")) return fail("A numerical question ({#…}) is not supported: write it as a short-answer or single-choice question.", open);

  const tf = /^(T|TRUE|F|FALSE)\s*(?:#([\s\S]*))?$/i.exec(answers);
  if (tf) {
    const answer = tf[1]!.toUpperCase().startsWith("T");
    const feedback = tf[2] ? clean(splitMarked(tf[2], "#")[0]!.body) : "";
    return { id: ids.question(), type: "truefalse", prompt, points: DEFAULT_POINTS.truefalse, answer, explanation: general || feedback };
  }

  const parts = splitMarked(answers, "=~");
  if (parts[0]!.body.trim()) return fail(`Every answer starts with “=” (right) or “~” (wrong); “${clean(parts[0]!.body).slice(0, 30)}” has neither.`, open);
  const options = parts.slice(1).map((p) => {
    const weight = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(p.body);
    const body = weight ? p.body.slice(weight[0].length) : p.body;
    return { mark: p.mark, weight: weight ? Number(weight[1]) : null, ...withFeedback(body) };
  });
  if (options.some((o) => /(?<!\\)->/.test(o.text))) return fail("A matching question (a -> b) is not supported: Colloquy has no matching questions.", open);
  if (options.some((o) => !o.text)) return fail("An answer is empty: write its text after the “=” or “~”.", open);

  const right = options.filter((o) => o.mark === "=");
  const wrong = options.filter((o) => o.mark === "~");
  if (wrong.length === 0) {
    if (right.some((o) => o.weight !== null)) return fail("Partial credit on short answers (=%50%…) is not supported: short answers are graded by the instructor.", open);
    const accepted = right.map((o) => o.text);
    const points = DEFAULT_POINTS.short;
    return {
      id: ids.question(),
      type: "short",
      prompt,
      points,
      sampleAnswer: `Accepted answers: ${accepted.join("; ")}.`,
      rubric: [
        { points, description: "Matches an accepted answer." },
        { points: 0, description: "Missing or inaccurate." },
      ],
      explanation: general || right.map((o) => o.feedback).filter(Boolean).join(" "),
    };
  }

  const weighted = options.some((o) => o.weight !== null);
  if (weighted) {
    if (options.length > LIMITS.multiple) return fail(`The question has ${options.length} answers; a multiple-select question may have at most ${LIMITS.multiple}.`, open);
    const choices = options.map((o) => ({ id: ids.choice(), text: o.text, correct: o.mark === "=" || (o.weight ?? 0) > 0 }));
    if (!choices.some((c) => c.correct)) return fail("No answer has a positive weight: mark the right ones with ~%50% (or =).", open);
    return {
      id: ids.question(),
      type: "multiple",
      prompt,
      points: DEFAULT_POINTS.multiple,
      choices,
      explanation: general || options.filter((o) => o.mark === "=" || (o.weight ?? 0) > 0).map((o) => o.feedback).filter(Boolean).join(" "),
    };
  }
  if (right.length !== 1) return fail(`A choice question needs exactly one right answer (=); this one has ${right.length}. For several right answers, give weights: ~%50%.`, open);
  if (options.length > LIMITS.single) return fail(`The question has ${options.length} answers; a single-choice question may have at most ${LIMITS.single}.`, open);
  return {
    id: ids.question(),
    type: "single",
    prompt,
    points: DEFAULT_POINTS.single,
    choices: options.map((o) => ({ id: ids.choice(), text: o.text, correct: o.mark === "=" })),
    explanation: general || right[0]!.feedback,
  };
}
