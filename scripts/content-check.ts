/* `npm run content:check` (and every `next build`, via next.config.js): validates every lesson in content/. */
import { formatContentError, lessonsDir, loadLessons } from "../lib/content/load";
import { countQuestions } from "../lib/content/schema";

const { lessons, errors } = loadLessons();
if (errors.length > 0) {
  console.error(`Invalid lesson content in ${lessonsDir()}:`);
  for (const error of errors) console.error(`  ${formatContentError(error)}`);
  console.error(`${errors.length} error${errors.length === 1 ? "" : "s"}; fix the file${errors.length === 1 ? "" : "s"} above.`);
  process.exit(1);
}
for (const lesson of lessons) {
  console.log(`ok  ${lesson.id}: ${lesson.excerpts.length} excerpts, ${countQuestions(lesson)} questions, ${lesson.debates.length} debate prompts`);
}
if (lessons.length === 0) {
  console.error(`No lessons found in ${lessonsDir()}.`);
  process.exit(1);
}
