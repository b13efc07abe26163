import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import { indexLesson } from "@/lib/lesson-items";
import type { Dialect } from "./database";
import { eq } from "drizzle-orm";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { EARLIER_DEMO_PASSWORD, newDemoPassword, replaceEarlierDemoPassword, seedDemo } from "./seed";
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
      const [a, b] = await Promise.all([seedDemo(other.db, lesson, { plain: "first", hash: "x" }), seedDemo(other.db, lesson, { plain: "second", hash: "y" })]);
      // Both say the password of the one that seeded, which its accounts have.
      expect(a).toEqual(b);
      const kept = (await other.db.get(other.db.q.select().from(other.db.t.appMeta).where(eq(other.db.t.appMeta.key, "demo_password"))))!.value;
      expect(a?.password).toBe(kept);
      const hashes = new Set((await other.db.all(other.db.q.select({ h: other.db.t.users.passwordHash }).from(other.db.t.users))).map((u) => u.h));
      expect([...hashes]).toEqual([kept === "first" ? "x" : "y"]);
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

  it("moves a demo seeded with the earlier fixed password onto a password of its own, except accounts whose password was changed", async () => {
    const other = await openTestDatabase(dialect);
    try {
      const { appMeta, users } = other.db.t;
      const earlier = await hashPassword(EARLIER_DEMO_PASSWORD);
      await seedDemo(other.db, lesson, { plain: EARLIER_DEMO_PASSWORD, hash: earlier });
      // As an earlier start left it: no kept password, and Ben changed his.
      await other.db.run(other.db.q.delete(appMeta).where(eq(appMeta.key, "demo_password")));
      await other.db.run(other.db.q.update(users).set({ passwordHash: "bens-own" }).where(eq(users.username, "demo.ben")));
      expect((await seedDemo(other.db, lesson, { plain: "unused", hash: "unused" }))?.password).toBeNull();

      const own = { plain: newDemoPassword(), hash: "new-hash" };
      const stillEarlier = (hash: string) => verifyPassword(hash, EARLIER_DEMO_PASSWORD);
      expect(await replaceEarlierDemoPassword(other.db, own, stillEarlier)).toBe(own.plain);
      const byName = new Map((await other.db.all(other.db.q.select().from(users))).map((u) => [u.username, u.passwordHash]));
      expect(byName.get("demo.teacher")).toBe("new-hash");
      expect(byName.get("demo.amara")).toBe("new-hash");
      expect(byName.get("demo.ben")).toBe("bens-own");
      expect((await seedDemo(other.db, lesson, { plain: "unused", hash: "unused" }))?.password).toBe(own.plain);
      // Again (another start): nothing changes.
      expect(await replaceEarlierDemoPassword(other.db, { plain: "later", hash: "later-hash" }, stillEarlier)).toBe(own.plain);
      expect((await other.db.get(other.db.q.select().from(users).where(eq(users.username, "demo.teacher"))))!.passwordHash).toBe("new-hash");
    } finally {
      await other.close();
    }
  });
});
