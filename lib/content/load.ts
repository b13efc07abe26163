import fs from "node:fs";
import path from "node:path";
import { parse, YAMLParseError } from "yaml";
import { formatPath, lessonSchema, type Lesson } from "./schema";

export type ContentError = { file: string; field: string; message: string };
export type LoadedContent = { lessons: Lesson[]; errors: ContentError[] };

export function lessonsDir(): string {
  // Lessons are read at run time; the turbopackIgnore keeps the build from tracing the whole project.
  return path.resolve(/*turbopackIgnore: true*/ process.env.COLLOQUY_CONTENT_DIR || path.join(process.cwd(), "content", "lessons"));
}

/** Parses and validates one lesson file's text; `file` is only used to name it in errors. */
export function parseLesson(file: string, source: string): { lesson?: Lesson; errors: ContentError[] } {
  let data: unknown;
  try {
    data = parse(source, { prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0];
      return { errors: [{ file, field: line ? `line ${line.line}, column ${line.col}` : "(file)", message: error.message.split("\n")[0] ?? error.message }] };
    }
    throw error;
  }
  const result = lessonSchema.safeParse(data);
  if (!result.success) {
    return { errors: result.error.issues.map((issue) => ({ file, field: formatPath(issue.path), message: issue.message })) };
  }
  const expectedId = path.basename(file).replace(/\.ya?ml$/, "");
  if (result.data.id !== expectedId) {
    return { errors: [{ file, field: "id", message: `is "${result.data.id}" but must equal the file name "${expectedId}"` }] };
  }
  return { lesson: result.data, errors: [] };
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
