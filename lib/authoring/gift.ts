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
 * Moodle GIFT (https://docs.moodle.org/en/GIFT_format) → Colloquy questions. The mapping follows Moodle's
 * own importer (question/format/gift/format.php) where Colloquy has the same idea, and refuses, by line,
 * what Colloquy cannot represent; GIFT_SUPPORTED and GIFT_UNSUPPORTED say which is which for the UI.
 */

export type { ImportError, ImportResult } from "./question-import";

/** What the importer understands and what it becomes in Colloquy (shown beside the import box). */
export const GIFT_SUPPORTED: readonly { feature: string; becomes: string }[] = [
  { feature: "{=right ~wrong ~wrong}", becomes: "A single-choice question worth 1 point." },
  {
    feature: "{~%50%right ~%50%right ~%-100%wrong}",
    becomes:
      "A select-all (multiple) question worth 2 points: every answer with a positive weight is correct. The weights themselves are not kept; Colloquy gives an equal share for each correct choice picked and takes a share away for each wrong one.",
  },
  { feature: "{T} {TRUE} {F} {FALSE}", becomes: "A true/false question worth 1 point." },
  {
    feature: "{=answer =another answer}",
    becomes:
      "A short-answer question worth 3 points, graded by you: the accepted answers become its sample answer, with a two-level rubric (full points / 0) to adjust.",
  },
  {
    feature: "####general feedback, #answer feedback",
    becomes:
      "The explanation students see after answering. General feedback is used when there is some; otherwise the answers' feedback is joined: for choices labelled with their letter, “(A) …”, for short answers with the accepted answer, “For “Paris”: …”, for true/false in Moodle's order (wrong-answer feedback, then right-answer feedback). With no feedback at all the explanation is left empty for you to write.",
  },
  { feature: "::Title::", becomes: "Ignored: Colloquy questions have no title." },
  {
    feature: "[html] [moodle] [plain] [markdown]",
    becomes: "The marker is removed and the text kept as plain text; HTML tags are shown as written, never rendered.",
  },
  { feature: "// comments, $CATEGORY: lines", becomes: "Ignored." },
  { feature: "\\~ \\= \\# \\{ \\} \\: \\\\ and \\n", becomes: "The character itself (\\n is a line break)." },
  { feature: "Line breaks inside a question", becomes: "Joined with a space; write \\n where a line break should stay." },
];

/** GIFT features that are refused, and why, so that a teacher can rewrite them before importing. */
export const GIFT_UNSUPPORTED: readonly { feature: string; why: string }[] = [
  { feature: "Matching questions (=item -> match)", why: "Colloquy has no matching question type." },
  { feature: "Numerical questions ({#…})", why: "Colloquy has no number-answer type; write the question as multiple choice." },
  {
    feature: "Missing-word questions (text after the closing })",
    why: "Colloquy shows the answers after the question. Move the answers { } to the end of the question text.",
  },
  {
    feature: "Essay questions ({})",
    why: "Colloquy's written-answer questions need a sample answer: write { =a sample answer } to get a short-answer question graded by you.",
  },
  { feature: "Descriptions (text without { })", why: "A description is not a question; leave it out of the file." },
  {
    feature: "Partial credit or penalties on a single-choice answer (~%25%… next to an =answer)",
    why: "Colloquy scores a single choice as right or wrong. Remove the weight, or give every answer a weight to make a select-all question.",
  },
  { feature: "Several right answers (=) in one single-choice question", why: "A single-choice question has exactly one right answer." },
  { feature: "More than 8 choices (single choice) or 10 (select all)", why: "Colloquy's limits for one question." },
  { feature: "Questions with no right answer", why: "Every choice question needs at least one right answer." },
  { feature: "More than one set of answers { } in one question", why: "Colloquy questions have one set of answers." },
];

export function parseGift(source: string): ImportResult {
  const ids = temporaryIds();
  const questions: Question[] = [];
  const errors: ImportError[] = [];
  const { blocks, errors: lineErrors } = splitBlocks(source);
  errors.push(...lineErrors);
  for (const block of blocks) {
    const result = parseQuestion(block, ids);
    errors.push(...result.errors);
    if (result.question) questions.push(result.question);
  }
  return importResult(questions, errors);
}

// ---------------------------------------------------------------------------------------------- lines

/*
 * Escaped characters are swapped for private-use placeholders line by line (an escape never spans a
 * line), so that the structure can then be found with plain string searches, as Moodle does.
 */
const ESCAPABLE = "\\:#={}~n";
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDERS = /[\ue000-\ue007]/g;
const PLACEHOLDER = /[\ue000-\ue007]/;

function protectEscapes(line: string): string {
  return line.replace(/\\([\\:#={}~n])/g, (_, c: string) => String.fromCharCode(PLACEHOLDER_BASE + ESCAPABLE.indexOf(c)));
}

function restoreEscapes(text: string): string {
  return text.replace(PLACEHOLDERS, (p) => {
    const c = ESCAPABLE[p.charCodeAt(0) - PLACEHOLDER_BASE]!;
    return c === "n" ? "\n" : c;
  });
}

/** One question's lines (comments and category lines removed), joined, with a way back to line numbers. */
type Block = { text: string; firstLine: number; lineAt: (offset: number) => number };

function splitBlocks(source: string): { blocks: Block[]; errors: ImportError[] } {
  const blocks: Block[] = [];
  const errors: ImportError[] = [];
  let lines: { text: string; number: number }[] = [];
  const flush = () => {
    if (lines.length) blocks.push(toBlock(lines));
    lines = [];
  };
  source
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((text, i) => {
      const number = i + 1;
      if (PLACEHOLDER.test(text)) {
        errors.push({ line: number, message: "This line contains an invisible private-use character (U+E000–U+E007); delete it." });
        return;
      }
      const trimmed = text.trim();
      if (trimmed === "") flush();
      else if (trimmed.startsWith("//") || trimmed.startsWith("$CATEGORY:")) return;
      else lines.push({ text: protectEscapes(text), number });
    });
  flush();
  return { blocks, errors };
}

function toBlock(lines: { text: string; number: number }[]): Block {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.text.length + 1;
  }
  const lineAt = (at: number) => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
    return lines[i]!.number;
  };
  return { text: lines.map((l) => l.text).join("\n"), firstLine: lines[0]!.number, lineAt };
}

/** A text part as Colloquy stores it: format marker removed, line breaks joined, escapes restored. */
function cleanText(raw: string): string {
  const text = raw.trim().replace(/^\[(?:html|moodle|plain|markdown)\]/i, "");
  return restoreEscapes(text.replace(/\s*\n\s*/g, " ")).trim();
}

/** A short quotation of the teacher's own text for a message. */
function quote(raw: string): string {
  const text = cleanText(raw);
  return `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
}

// ------------------------------------------------------------------------------------------ questions

type Ids = ReturnType<typeof temporaryIds>;
type Parsed = { question?: Question; errors: ImportError[] };

function parseQuestion(block: Block, ids: Ids): Parsed {
  const { text, lineAt } = block;
  let start = text.length - text.trimStart().length;
  if (text.startsWith("::", start)) {
    const end = text.indexOf("::", start + 2);
    if (end < 0) return fail(lineAt(start), "The title starts with “::” but is not closed with “::” (e.g. ::Capitals:: What is…).");
    start = end + 2; // Colloquy questions have no title: it is dropped.
  }

  const open = text.indexOf("{", start);
  const close = text.indexOf("}", start);
  if (open < 0 && close < 0)
    return fail(block.firstLine, "This text has no answers in { }, so Moodle would treat it as a description. Colloquy only imports questions: leave it out, or add its answers.");
  if (open >= 0 && close < 0)
    return fail(lineAt(open), "The answers opened with “{” are never closed with “}”. (A question must not contain a blank line.)");
  if (open < 0 || close < open) return fail(lineAt(close), "There is a “}” with no “{” before it. To write a brace as text, type \\}.");
  const second = text.indexOf("{", open + 1);
  if (second >= 0 && second < close)
    return fail(lineAt(second), "There is a second “{” before the answers are closed with “}”. To write a brace as text, type \\{.");

  const errors: ImportError[] = [];
  const after = text.slice(close + 1);
  if (after.trim()) {
    const at = close + 1 + (after.length - after.trimStart().length);
    if (after.includes("{"))
      errors.push({ line: lineAt(at), message: "This question has more than one set of answers { }. Put a blank line between questions; Colloquy questions have one set of answers." });
    else
      errors.push({
        line: lineAt(at),
        message: `The text after the answers (${quote(after)}) makes this a missing-word question, which Colloquy cannot import. Move the answers { } to the end of the question.`,
      });
  }

  const prompt = cleanText(text.slice(start, open));
  if (!prompt) errors.push({ line: lineAt(open), message: "This question has no text before its answers." });
  const promptTooLong = tooLong("The question text", prompt, LIMITS.prompt);
  if (promptTooLong) errors.push({ line: block.firstLine, message: promptTooLong });

  const answers = parseAnswers(text.slice(open + 1, close), open + 1, lineAt, ids, prompt);
  errors.push(...answers.errors);
  if (errors.length || !answers.question) return { errors };
  return { question: answers.question, errors: schemaProblems(answers.question, lineAt(open)) };
}

function fail(line: number, message: string): Parsed {
  return { errors: [{ line, message }] };
}

/** The inside of { }: which kind of question it is, then that kind's answers. */
function parseAnswers(inner: string, offset: number, lineAt: (at: number) => number, ids: Ids, prompt: string): Parsed {
  const line = lineAt(offset);
  const split = inner.lastIndexOf("####");
  const general = split >= 0 ? cleanText(inner.slice(split + 4)) : "";
  const body = split >= 0 ? inner.slice(0, split) : inner;
  const trimmed = body.trim();
  const base = { prompt, general, line, lineAt, ids };

  if (!trimmed)
    return fail(line, "“{}” is an essay question, which Colloquy cannot import. For a written answer graded by you, write a short-answer question with a sample answer: { =your sample answer }.");
  if (trimmed.startsWith("#"))
    return fail(line, "Numerical questions ({#…}) cannot be imported: Colloquy has no number-answer type. Write the question as multiple choice instead.");
  if (body.includes("~")) return choiceQuestion(body, offset, base);
  const arrow = body.indexOf("->");
  if (body.includes("=") && arrow >= 0)
    return fail(lineAt(offset + arrow), "Matching questions (“->”) cannot be imported: Colloquy has no matching type.");
  const head = (trimmed.split("#")[0] ?? "").trim();
  if (/^(?:t|true|f|false)$/i.test(head)) return trueFalseQuestion(trimmed, base);
  return shortQuestion(body, offset, base);
}

type Base = { prompt: string; general: string; line: number; lineAt: (at: number) => number; ids: Ids };
type Answer = { marker: string; weight?: number; text: string; feedback: string; line: number };

/**
 * Splits answers at every unescaped marker, as Moodle does (so a literal = or ~ in feedback must be
 * escaped there too). Text before the first marker is returned as `lead`.
 */
function splitAnswers(body: string, offset: number, markers: RegExp, lineAt: (at: number) => number) {
  const answers: Answer[] = [];
  const at = [...body.matchAll(markers)].map((m) => m.index);
  const lead = body.slice(0, at[0] ?? body.length);
  at.forEach((from, i) => {
    let raw = body.slice(from + 1, at[i + 1] ?? body.length);
    let weight: number | undefined;
    const w = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(raw);
    if (w) {
      weight = Number(w[1]);
      raw = raw.slice(w[0].length);
    }
    const hash = raw.indexOf("#");
    const text = hash >= 0 ? raw.slice(0, hash) : raw;
    const feedback = hash >= 0 ? raw.slice(hash + 1) : "";
    answers.push({ marker: body[from]!, weight, text: cleanText(text), feedback: cleanText(feedback), line: lineAt(offset + from) });
  });
  return { lead, answers };
}

function emptyAnswers(answers: Answer[]): ImportError[] {
  return answers.filter((a) => !a.text).map((a) => ({ line: a.line, message: `An answer after “${a.marker}” has no text.` }));
}

function explanation(base: Base, labelled: { label: string; feedback: string }[]): { text: string; errors: ImportError[] } {
  const parts = labelled.filter((l) => l.feedback).map((l) => (l.label ? `${l.label} ${l.feedback}` : l.feedback));
  const text = base.general || parts.join(" ");
  const problem = tooLong("The feedback (the question's explanation)", text, LIMITS.explanation);
  return { text, errors: problem ? [{ line: base.line, message: problem }] : [] };
}

function percent(weight: number): string {
  return `%${weight}%`;
}

function choiceQuestion(body: string, offset: number, base: Base): Parsed {
  const { lead, answers } = splitAnswers(body, offset, /[~=]/g, base.lineAt);
  const errors = emptyAnswers(answers);
  if (lead.trim())
    errors.push({ line: base.line, message: `${quote(lead)} is not marked as an answer: start every answer with = (right) or ~ (wrong).` });
  for (const a of answers) {
    const problem = tooLong("This answer", a.text, LIMITS.choice);
    if (problem) errors.push({ line: a.line, message: problem });
    if (a.weight !== undefined && Math.abs(a.weight) > 100)
      errors.push({ line: a.line, message: `The weight ${percent(a.weight)} is out of range: weights go from %-100% to %100%.` });
  }

  const rights = answers.filter((a) => a.marker === "=");
  const single = rights.length > 0;
  if (single) {
    if (rights.length > 1)
      errors.push({
        line: base.line,
        message: `This question marks ${rights.length} answers right with “=”, but a single-choice question has exactly one. For a question where students select every right answer, give each answer a weight instead: ~%50%right ~%50%right ~%-100%wrong.`,
      });
    for (const a of answers) {
      if (a.weight === undefined) continue;
      if (a.marker === "=" && a.weight !== 100)
        errors.push({ line: a.line, message: `“=${percent(a.weight)}${a.text}” gives the right answer partial credit, which a single-choice question cannot do. Remove the weight.` });
      if (a.marker === "~" && a.weight > 0)
        errors.push({
          line: a.line,
          message: `“~${percent(a.weight)}${a.text}” gives a wrong answer partial credit, but Colloquy scores a single choice as right or wrong. Remove the weight, or give every answer a weight (and no “=”) to make a select-all question.`,
        });
      if (a.marker === "~" && a.weight < 0)
        errors.push({
          line: a.line,
          message: `“~${percent(a.weight)}${a.text}” takes marks off for a wrong answer, but Colloquy scores a wrong single choice as 0 and cannot take marks off. Remove the weight.`,
        });
    }
  } else if (!answers.some((a) => (a.weight ?? 0) > 0)) {
    errors.push({
      line: base.line,
      message: "None of the answers is marked right. Mark the right answer with “=”, or, for a question where students select every right answer, give the right answers a positive weight such as ~%50%.",
    });
  }
  const max = single ? LIMITS.singleChoices : LIMITS.multipleChoices;
  if (answers.length > max)
    errors.push({ line: base.line, message: `This question has ${answers.length} answers; a ${single ? "single-choice" : "select-all"} question can have at most ${max}.` });
  if (answers.length < 2) errors.push({ line: base.line, message: "A choice question needs at least two answers." });

  const explained = explanation(base, answers.map((a, i) => ({ label: `(${choiceLetter(i)})`, feedback: a.feedback })));
  errors.push(...explained.errors);
  if (errors.length) return { errors };

  const id = base.ids.question();
  const choices = answers.map((a) => ({ id: base.ids.choice(), text: a.text, correct: single ? a.marker === "=" : (a.weight ?? 0) > 0 }));
  const { prompt } = base;
  const question: Question = single
    ? { id, type: "single", prompt, points: DEFAULT_POINTS.single, choices, explanation: explained.text }
    : { id, type: "multiple", prompt, points: DEFAULT_POINTS.multiple, choices, explanation: explained.text };
  return { question, errors: [] };
}

function trueFalseQuestion(trimmed: string, base: Base): Parsed {
  // Moodle's order: {T#feedback for a wrong answer#feedback for a right answer}.
  const [answer = "", wrong = "", right = ""] = splitOnce(trimmed, "#", 3);
  const explained = explanation(base, [
    { label: "", feedback: cleanText(wrong) },
    { label: "", feedback: cleanText(right) },
  ]);
  if (explained.errors.length) return { errors: explained.errors };
  const question: Question = {
    id: base.ids.question(),
    type: "truefalse",
    prompt: base.prompt,
    points: DEFAULT_POINTS.truefalse,
    answer: /^t/i.test(answer.trim()),
    explanation: explained.text,
  };
  return { question, errors: [] };
}

/** `s.split(sep)` into at most `parts` parts, the last keeping the rest (PHP's explode with a limit). */
function splitOnce(s: string, sep: string, parts: number): string[] {
  const out = s.split(sep);
  return out.length <= parts ? out : [...out.slice(0, parts - 1), out.slice(parts - 1).join(sep)];
}

function shortQuestion(body: string, offset: number, base: Base): Parsed {
  const { lead, answers } = splitAnswers(body, offset, /=/g, base.lineAt);
  // As in Moodle, text before the first "=" is an accepted answer too: {Paris} accepts "Paris".
  if (lead.trim()) answers.unshift({ marker: "=", ...parseLead(lead), line: base.line });
  const errors = emptyAnswers(answers);
  for (const a of answers) {
    if (a.weight !== undefined && (a.weight < 0 || a.weight > 100))
      errors.push({ line: a.line, message: `The weight ${percent(a.weight)} is out of range for an accepted answer: use %0% to %100%.` });
  }
  const list = answers.map((a) => (a.weight === undefined || a.weight === 100 ? a.text : `${a.text} (${a.weight}% credit)`));
  const joined = list.join("; ");
  const sampleAnswer = `${list.length === 1 ? "Accepted answer" : "Accepted answers"}: ${joined}${/[.!?]$/.test(joined) ? "" : "."}`;
  const problem = tooLong("The list of accepted answers", sampleAnswer, LIMITS.sampleAnswer);
  if (problem) errors.push({ line: base.line, message: problem });
  const explained = explanation(base, answers.map((a) => ({ label: `For “${a.text}”:`, feedback: a.feedback })));
  errors.push(...explained.errors);
  if (errors.length) return { errors };

  const points = DEFAULT_POINTS.short;
  const question: Question = {
    id: base.ids.question(),
    type: "short",
    prompt: base.prompt,
    points,
    sampleAnswer,
    rubric: [
      { points, description: "Matches an accepted answer." },
      { points: 0, description: "Missing or inaccurate." },
    ],
    explanation: explained.text,
  };
  return { question, errors: [] };
}

function parseLead(lead: string): { weight?: number; text: string; feedback: string } {
  const hash = lead.indexOf("#");
  return { text: cleanText(hash >= 0 ? lead.slice(0, hash) : lead), feedback: cleanText(hash >= 0 ? lead.slice(hash + 1) : "") };
}
