import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import { indexLesson } from "@/lib/lesson-items";
import type { Dialect } from "./database";
import { seedDemo } from "./seed";
import { openTestDatabase, type TestDatabase } from "./test-support";
import { debateResults } from "./queries/debate-view";

const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy")!;

// On both databases: the demo is seeded by one transaction, and two starts racing on one database seed it once.
describe.each<Dialect>(["sqlite", "postgres"])("the demo on %s", (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(() => t.close());

  it("includes a finished debate with posts citing the text, votes, and a before/after poll", async () => {
    expect((await seedDemo(t.db, lesson, { plain: "x", hash: "x" }))?.students).toHaveLength(4);
    const { debateSessions } = t.db.t;
    const session = (await t.db.get(t.db.q.select().from(debateSessions)))!;
    expect(session.phase).toBe("ended");
    const results = await debateResults(t.db, session, { kind: "instructor" });
    expect(results.posts).toHaveLength(8);
    expect(results.posts.filter((p) => p.kind === "rebuttal")).toHaveLength(2);
    expect(results.shift).toMatchObject({ n: 4, changedMind: 2 });
    expect(results.participation.reduce((n, p) => n + p.votes, 0)).toBe(4);
    const text = indexLesson(lesson).sentenceText;
    const cited = results.posts.flatMap((p) => p.citations.flatMap((c) => c.sentenceIds.map((id) => text.get(id))));
    expect(cited).toEqual(expect.arrayContaining([expect.stringContaining("incremental, reciprocal"), expect.stringContaining("all-or-nothing approach")]));
    // Seeding again changes nothing.
    expect((await seedDemo(t.db, lesson, { plain: "x", hash: "x" }))?.students).toHaveLength(4);
    expect(await t.db.all(t.db.q.select().from(debateSessions))).toHaveLength(1);
  });

  it("is seeded once by two starts racing on an empty database", async () => {
    const other = await openTestDatabase(dialect);
    try {
      const [a, b] = await Promise.all([seedDemo(other.db, lesson, { plain: "x", hash: "x" }), seedDemo(other.db, lesson, { plain: "x", hash: "x" })]);
      expect(a).toEqual(b);
      expect(a?.joinCode).toBeTruthy();
      expect(await other.db.all(other.db.q.select().from(other.db.t.classes))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("is not seeded into a database that has users of its own", async () => {
    const other = await openTestDatabase(dialect);
    try {
      await other.db.run(other.db.q.insert(other.db.t.users).values({ username: "someone", displayName: "Someone", passwordHash: "x", role: "instructor" }));
      expect(await seedDemo(other.db, lesson, { plain: "x", hash: "x" })).toBeNull();
      expect(await other.db.all(other.db.q.select().from(other.db.t.appMeta))).toEqual([]);
      expect(await other.db.all(other.db.q.select().from(other.db.t.users))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
