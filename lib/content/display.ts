import type { Lesson } from "./schema";

/* How a lesson's optional parts are shown, the same on every page. Zod-free: client components use it. */

/** An excerpt's heading as every page shows it: its own, or "Paragraph N" (1-based) without one. */
export function excerptHeading(lesson: Pick<Lesson, "excerpts">, excerptId: string): string {
  const i = lesson.excerpts.findIndex((x) => x.id === excerptId);
  return i < 0 ? excerptId : (lesson.excerpts[i]!.heading ?? `Paragraph ${i + 1}`);
}

/** "By Inyeop Lee · The National Interest, 2020", with whatever of author, publication and year is known. */
export function byline(lesson: Pick<Lesson, "author" | "source">): string | undefined {
  const where = [lesson.source.publication, lesson.source.year].filter(Boolean).join(", ");
  const parts = [lesson.author && `By ${lesson.author}`, where].filter(Boolean);
  return parts.length ? parts.join(" · ") : undefined;
}
