import { afterAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import { indexLesson } from "@/lib/lesson-items";
import { seedDemo } from "./seed";
import { openTestDatabase } from "./test-support";
import { debateResults } from "./queries/debate-view";
import { debateSessions } from "./schema";

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy")!;

describe("the demo", () => {
  it("includes a finished debate with posts citing the text, votes, and a before/after poll", () => {
    expect(seedDemo(t.db, lesson, "x")?.students).toHaveLength(4);
    const session = t.db.select().from(debateSessions).get()!;
    expect(session.phase).toBe("ended");
    const results = debateResults(t.db, session, { kind: "instructor" });
    expect(results.posts).toHaveLength(8);
    expect(results.posts.filter((p) => p.kind === "rebuttal")).toHaveLength(2);
    expect(results.shift).toMatchObject({ n: 4, changedMind: 2 });
    expect(results.participation.reduce((n, p) => n + p.votes, 0)).toBe(4);
    const text = indexLesson(lesson).sentenceText;
    const cited = results.posts.flatMap((p) => p.citations.flatMap((c) => c.sentenceIds.map((id) => text.get(id))));
    expect(cited).toEqual(expect.arrayContaining([expect.stringContaining("incremental, reciprocal"), expect.stringContaining("all-or-nothing approach")]));
    // Seeding again changes nothing.
    seedDemo(t.db, lesson, "x");
    expect(t.db.select().from(debateSessions).all()).toHaveLength(1);
  });
});
