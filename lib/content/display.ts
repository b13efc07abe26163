import type { Lesson } from "./schema";

/* How a lesson's optional parts are shown, the same on every page. Zod-free: client components use it. */

/**
 * An excerpt's name as every page (and export) shows it: "Excerpt 2 · Its heading", or "Excerpt 2" when it
 * has none. The number is its place in the lesson, 1-based.
 */
export function excerptHeading(lesson: Pick<Lesson, "excerpts">, excerptId: string): string {
  const i = lesson.excerpts.findIndex((x) => x.id === excerptId);
  return i < 0 ? excerptId : excerptName(i + 1, lesson.excerpts[i]!.heading);
}

/** As `excerptHeading`, from the excerpt's number and heading. */
export function excerptName(number: number, heading?: string | null): string {
  const own = heading?.trim();
  return own ? `Excerpt ${number} · ${own}` : `Excerpt ${number}`;
}

/** "By Inyeop Lee · The National Interest, 2020", with whatever of author, publication and year is known. */
export function byline(lesson: Pick<Lesson, "author" | "source">): string | undefined {
  const where = [lesson.source.publication, lesson.source.year].filter(Boolean).join(", ");
  const parts = [lesson.author && `By ${lesson.author}`, where].filter(Boolean);
  return parts.length ? parts.join(" · ") : undefined;
}
