import fs from "node:fs";
import path from "node:path";
import { parseDocument, type YAMLError } from "yaml";
import type { z } from "zod";
import { compareFieldPaths } from "./problems";
import { crossCheckOf, lessonSchema, type Lesson } from "./schema";

export type ContentError = { file: string; field: string; message: string };
export type LoadedContent = { lessons: Lesson[]; errors: ContentError[] };

export function lessonsDir(): string {
  // Lessons are read at run time; the turbopackIgnore keeps the build from tracing the whole project.
  return path.resolve(/*turbopackIgnore: true*/ process.env.COLLOQUY_CONTENT_DIR || path.join(process.cwd(), "content", "lessons"));
}

/**
 * Parses and validates one lesson file's text; `file` names it in errors and gives the id it must have.
 * Every problem is reported at once: the schema's, and a file name that differs from the id.
 * `checkFileName: false` for a file not going into content/ (an import in the browser, where the lesson
 * gets an id of its own).
 */
export function parseLesson(file: string, source: string, { checkFileName = true } = {}): { lesson?: Lesson; errors: ContentError[] } {
  const doc = parseDocument(source, { prettyErrors: true });
  if (doc.errors.length > 0) return { errors: explainYamlErrors(file, source, doc.errors) };
  const data: unknown = doc.toJS();

  const errors: ContentError[] = [];
  const expectedId = path.basename(file).replace(/\.ya?ml$/, "");
  const id = isRecord(data) ? data.id : undefined;
  if (checkFileName && typeof id === "string" && id !== expectedId) {
    errors.push({ file, field: "id", message: `is "${id}" but must equal the file name "${expectedId}"` });
  }
  const result = lessonSchema.safeParse(data);
  if (!result.success) {
    const issues = [...result.error.issues].sort((a, b) => compareFieldPaths(a.path, b.path));
    for (const issue of issues) errors.push({ file, field: fieldName(data, issue.path), message: messageOf(data, issue) });
  }
  return result.success && errors.length === 0 ? { lesson: result.data, errors } : { errors };
}

/** Reads every lesson file in `dir`. Invalid files are reported, not half-loaded. */
export function loadLessons(dir = lessonsDir()): LoadedContent {
  const lessons: Lesson[] = [];
  const errors: ContentError[] = [];
  if (!fs.existsSync(dir)) return { lessons, errors: [{ file: dir, field: "(folder)", message: "does not exist" }] };
  const files = fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  for (const name of files) {
    const full = path.join(/*turbopackIgnore: true*/ dir, name);
    const result = parseLesson(path.relative(process.cwd(), full), fs.readFileSync(full, "utf8"));
    errors.push(...result.errors);
    if (result.lesson) lessons.push(result.lesson);
  }
  return { lessons, errors };
}

export function formatContentError(error: ContentError): string {
  return `${error.file}: ${error.field}: ${error.message}`;
}

// ---------------------------------------------------------------------------------------------- field names

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** What an item of each list is called; lists of ids (key, suggestedExcerpts) are named by their entries. */
const itemNouns: Record<string, string> = {
  excerpts: "excerpt",
  sentences: "sentence",
  questions: "question",
  choices: "choice",
  debates: "debate",
  rubric: "rubric level",
};
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * How an author finds a field in the file: `excerpt "hanoi" › question "hanoi-q3" › key`. Items are named by
 * their id when it is a valid one that no sibling shares, by position otherwise (`excerpt 3`).
 */
export function fieldName(data: unknown, schemaPath: readonly PropertyKey[]): string {
  const segments: string[] = [];
  let properties: string[] = [];
  let node: unknown = data;
  for (const key of schemaPath) {
    if (typeof key === "number" && Array.isArray(node)) {
      const list = properties.pop() ?? "";
      if (properties.length) segments.push(properties.join("."));
      properties = [];
      segments.push(itemName(list, node, key));
      node = node[key];
    } else {
      properties.push(String(key));
      node = isRecord(node) ? node[String(key)] : undefined;
    }
  }
  if (properties.length) segments.push(properties.join("."));
  return segments.join(" › ") || "(top level)";
}

function itemName(list: string, siblings: unknown[], index: number): string {
  const noun = itemNouns[list];
  if (!noun) return `${list} entry ${index + 1}`;
  const item = siblings[index];
  const id = isRecord(item) && noun !== "rubric level" ? item.id : undefined;
  const usable = typeof id === "string" && slug.test(id) && siblings.filter((s) => isRecord(s) && s.id === id).length === 1;
  return usable ? `${noun} "${id}"` : `${noun} ${index + 1}`;
}

function messageOf(data: unknown, issue: z.core.$ZodIssue): string {
  const check = crossCheckOf(issue);
  // The schema's own wording points at the first use by position; name it like every other field.
  if (check?.kind === "duplicate-id") return `duplicate id "${check.id}" (also used by ${fieldName(data, check.firstAt.slice(0, -1))})`;
  if (issue.path.length === 0 && data == null) return "the file is empty";
  return issue.message;
}

// ---------------------------------------------------------------------------------------------- YAML errors

/** YAML syntax errors in words, one per line (a first mistake often trips the parser twice on one line). */
function explainYamlErrors(file: string, source: string, yamlErrors: YAMLError[]): ContentError[] {
  const lines = source.split(/\r?\n/);
  const errors: ContentError[] = [];
  const reported = new Set<number>();
  for (const error of yamlErrors) {
    const at = error.linePos?.[0];
    if (at && reported.has(at.line)) continue;
    if (at) reported.add(at.line);
    const original = (error.message.split("\n")[0] ?? error.message).replace(/:$/, "");
    const { line, col, advice } = explainYamlError(error, lines);
    const field = line ? `line ${line}, column ${col}` : "(file)";
    errors.push({ file, field, message: advice ? `${advice} (YAML: ${original})` : original });
  }
  return errors;
}

type Explained = { line?: number; col?: number; advice?: string };

const QUOTE_ADVICE = "Put the text in single quotes and double any apostrophe: 'Trump''s legacy'.";

function explainYamlError(error: YAMLError, lines: string[]): Explained {
  const at = error.linePos?.[0];
  if (!at) return {};
  const here: Explained = { line: at.line, col: at.col };
  const text = lines[at.line - 1] ?? "";
  const rest = text.slice(at.col - 1);
  const first = error.message.split("\n")[0] ?? "";

  switch (error.code) {
    case "BLOCK_AS_IMPLICIT_KEY": {
      const value = valueOf(text);
      if (value?.quote && value.col <= at.col) return { ...here, advice: textAfterQuote(value.quote) };
      if (/:(\s|$)/.test(rest)) return { ...here, advice: `The value contains ": ", which YAML reads as the start of another field. ${QUOTE_ADVICE}` };
      // No colon on this line: the value goes on below. Either a field there sits deeper than its neighbours,
      // or the text of an unquoted value, wrapped onto the next line, has the ": ".
      const next = nextContentLine(lines, at.line);
      const nextText = next ? (lines[next - 1] ?? "") : "";
      if (next && !/^\s*(?:-\s+)?[A-Za-z0-9_-]+:(\s|$)/.test(nextText) && /:(\s|$)/.test(nextText))
        return { line: next, col: 1, advice: `The text of an unquoted value, continued on line ${next}, contains ": ", which YAML reads as the start of another field. ${QUOTE_ADVICE}` };
      return { line: next ?? at.line, col: 1, advice: overIndented(next) };
    }
    case "MULTILINE_IMPLICIT_KEY":
      return { ...here, advice: notAField(at.line) };
    case "UNEXPECTED_TOKEN": {
      const value = valueOf(text);
      if (value?.quote && value.col < at.col) return { ...here, advice: textAfterQuote(value.quote) };
      return { ...here, advice: `Unexpected text after the value. ${QUOTE_ADVICE}` };
    }
    case "MISSING_CHAR":
      if (/^Missing closing/.test(first)) return unclosedQuote(first.includes('"') ? '"' : "'", lines, at.line) ?? here;
      if (/followed by map values/.test(first)) return { ...here, advice: notAField(at.line) };
      if (/without - indicator/.test(first)) return { ...here, advice: misaligned(at.line) };
      return here;
    case "TAB_AS_INDENT":
      return { ...here, advice: `Line ${at.line} is indented with a tab: YAML allows only spaces. Indent it with spaces, like the lines around it.` };
    case "BAD_INDENT":
      if (/^Flow (sequence|mapping)/.test(first)) {
        const close = first.startsWith("Flow sequence") ? "]" : "}";
        return { ...here, advice: `A list or mapping opened with ${close === "]" ? "[" : "{"} is not closed: end it with ${close} on the same line.` };
      }
      return { ...here, advice: misaligned(at.line) };
    case "DUPLICATE_KEY": {
      const key = /^\s*(?:-\s+)?([^:#]+?)\s*:/.exec(text)?.[1];
      return { ...here, advice: `The field ${key ? `"${key}" ` : ""}appears twice in the same object: keep one of them.` };
    }
    case "BAD_SCALAR_START":
      return { ...here, advice: `A value cannot start with ${rest[0] ?? "this character"} unless it is quoted. ${QUOTE_ADVICE}` };
    case "MULTIPLE_DOCS":
      return { ...here, advice: `A line "---" starts a second document here: a lesson file holds one lesson. Remove the line (and anything after it that belongs to another lesson).` };
    default:
      return here;
  }
}

function textAfterQuote(quote: string): string {
  return quote === "'"
    ? "An apostrophe ends the single-quoted text early, and YAML cannot read the rest. Inside single quotes, double every apostrophe: 'Trump''s legacy' (or use the curly ’)."
    : 'A straight double quote ends the double-quoted text early, and YAML cannot read the rest. Use curly quotes “ ” inside it, write \\" instead, or put the text in single quotes.';
}

function notAField(line: number): string {
  return `Line ${line} is not a "field: value" line. If it continues the text of the line above, put that text in quotes or a >- block; otherwise add the missing ": " after the field name, or indent it like its neighbours.`;
}

function misaligned(line: number): string {
  return `Line ${line} is not lined up with the lines above it: the fields of one object, and the items (-) of one list, must start in the same column. In a >- block, indent every line at least as far as the first.`;
}

function overIndented(line: number | undefined): string {
  return `Line ${line ?? "?"} is indented further than the field above it, so YAML reads it as part of that field's value. Start it in the same column as its neighbours.`;
}

function nextContentLine(lines: string[], line: number): number | undefined {
  for (let i = line; i < lines.length; i++) if ((lines[i] ?? "").trim() && !/^\s*#/.test(lines[i] ?? "")) return i + 1;
  return undefined;
}

/** Where the value of a line (after "field: " or "- ") starts, and the quote it opens with, if any. */
function valueOf(line: string): { col: number; quote?: "'" | '"'; rest: string } | undefined {
  const m = /^(\s*(?:-\s+)?(?:[^\s'"#:][^:#]*:\s+)?)(.*)$/.exec(line);
  if (!m) return undefined;
  const value = m[2] ?? "";
  const quote = value[0] === "'" || value[0] === '"' ? value[0] : undefined;
  return { col: (m[1] ?? "").length + 1, quote, rest: value.slice(1) };
}

/** YAML notices a missing closing quote only where the file or the value ends: point at where it opened. */
function unclosedQuote(quote: string, lines: string[], reportedLine: number): Explained | undefined {
  for (let i = Math.min(reportedLine, lines.length) - 1; i >= 0; i--) {
    const value = valueOf(lines[i] ?? "");
    if (value?.quote !== quote) continue;
    if (value.rest.replace(quote === "'" ? /''/g : /\\./g, "").includes(quote)) continue;
    const name = quote === "'" ? "single quote (')" : 'double quote (")';
    const apostrophes = quote === "'" ? " An apostrophe inside it must be doubled: 'Trump''s legacy'." : "";
    return {
      line: i + 1,
      col: value.col,
      advice: `The text that starts with a ${name} on line ${i + 1} is never closed: end it with ${quote} on the same line.${apostrophes}`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------- source text

/** A source text's paragraphs (separated by blank lines), each with its lines joined by single spaces. */
function paragraphsOf(source: string): string[] {
  return source
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) =>
      p
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .join(" "),
    )
    .filter(Boolean);
}

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * Excerpts whose sentences, joined by single spaces, are not a paragraph of `source` word for word — what
 * the format asks of every excerpt (see content/README.md). Each is compared with the paragraph that
 * matches it longest, and the first difference is shown.
 */
export function compareWithSource(file: string, lesson: Lesson, source: string): ContentError[] {
  const paragraphs = paragraphsOf(source);
  const errors: ContentError[] = [];
  for (const excerpt of lesson.excerpts) {
    const text = excerpt.sentences.map((s) => s.text).join(" ");
    if (paragraphs.includes(text)) continue;
    const closest = paragraphs.reduce((best, p) => (commonPrefix(p, text) > commonPrefix(best, text) ? p : best), paragraphs[0] ?? "");
    const at = commonPrefix(closest, text);
    const around = (s: string) => JSON.stringify(`${at > 20 ? "…" : ""}${s.slice(Math.max(0, at - 20), at + 20)}${at + 20 < s.length ? "…" : ""}`);
    errors.push({
      file,
      field: `excerpt "${excerpt.id}"`,
      message: `its sentences, joined by single spaces, are not a paragraph of the source: they differ from the closest one at character ${at + 1}, ${around(text)} in the lesson, ${around(closest)} in the source`,
    });
  }
  return errors;
}
