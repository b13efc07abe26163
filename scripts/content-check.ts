/*
 * `npm run content:check` (and every `next build`, via next.config.js): validates every lesson in content/.
 * `npm run content:check -- --source article.txt [--lesson <id>]` also checks that each excerpt of the lesson
 * is, word for word, a paragraph of the source text (paragraphs separated by blank lines).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { compareWithSource, formatContentError, lessonsDir, loadLessons, type ContentError } from "../lib/content/load";
import { countQuestions, type Lesson } from "../lib/content/schema";

const { values: options } = parseArgs({ options: { source: { type: "string" }, lesson: { type: "string" } } });

function fail(heading: string, errors: ContentError[]): never {
  console.error(heading);
  for (const error of errors) console.error(`  ${formatContentError(error)}`);
  console.error(`${errors.length} error${errors.length === 1 ? "" : "s"}; fix the file${errors.length === 1 ? "" : "s"} above.`);
  process.exit(1);
}

const { lessons, errors } = loadLessons();
if (errors.length > 0) fail(`Invalid lesson content in ${lessonsDir()}:`, errors);
for (const lesson of lessons) {
  console.log(`ok  ${lesson.id}: ${lesson.excerpts.length} excerpts, ${countQuestions(lesson)} questions, ${lesson.debates.length} debate prompts`);
}
if (lessons.length === 0) {
  console.error(`No lessons found in ${lessonsDir()}.`);
  process.exit(1);
}

if (options.source) {
  const lesson: Lesson | undefined = options.lesson ? lessons.find((l) => l.id === options.lesson) : lessons.length === 1 ? lessons[0] : undefined;
  if (!lesson) {
    console.error(options.lesson ? `No lesson "${options.lesson}" in ${lessonsDir()}.` : "Name the lesson to compare with --lesson <id>.");
    process.exit(1);
  }
  const mismatches = compareWithSource(options.source, lesson, fs.readFileSync(options.source, "utf8"));
  if (mismatches.length > 0) fail(`Lesson "${lesson.id}" does not match ${options.source}:`, mismatches);
  console.log(`ok  ${lesson.id}: every excerpt is a paragraph of ${options.source}`);
}
