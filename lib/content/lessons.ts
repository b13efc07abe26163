import "server-only";
import { formatContentError, loadLessons, type LoadedContent } from "./load";
import type { Lesson } from "./schema";

const cache = globalThis as unknown as { colloquyLessons?: LoadedContent };

/**
 * The lessons in content/, read and validated once per server process (the build has already refused
 * invalid files; a file broken after the build is logged and left out rather than served half-valid).
 */
function content(): LoadedContent {
  if (!cache.colloquyLessons) {
    cache.colloquyLessons = loadLessons();
    for (const error of cache.colloquyLessons.errors) console.error(`[content] ${formatContentError(error)}`);
  }
  return cache.colloquyLessons;
}

export function listLessons(): Lesson[] {
  return content().lessons;
}

export function findLesson(id: string): Lesson | undefined {
  return content().lessons.find((lesson) => lesson.id === id);
}
