import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database";
import { openTestDatabase } from "./test-support";

/*
 * The async data layer (db/database.ts), the same checks on both databases: a query built once runs on
 * either, transactions commit or roll back as a whole, and a transaction is not joined by statements from
 * elsewhere while it awaits.
 */

type Opened = { db: Database; close: () => Promise<void> | void };

const databases: [string, () => Promise<Opened>][] = [
  ["SQLite", () => openTestDatabase("sqlite")],
  ["PostgreSQL", () => openTestDatabase("postgres")],
];

let counter = 0;
const newUser = (db: Database, name = `layer${++counter}`) =>
  db.get(db.q.insert(db.t.users).values({ username: name, displayName: name, passwordHash: "x", role: "student" }).returning());

describe.each(databases)("the data layer on %s", (_name, open) => {
  let opened: Opened;
  let db: Database;
  beforeAll(async () => {
    opened = await open();
    db = opened.db;
  });
  afterAll(() => opened?.close());

  it("runs one query built once: rows as the schema types them", async () => {
    const user = (await newUser(db))!;
    expect(user).toMatchObject({ role: "student", mustChangePassword: false, sessionVersion: 1, readingPrefs: null });
    expect(typeof user.createdAt).toBe("number");
    expect(user.createdAt).toBeGreaterThan(Date.now() - 60_000);
    const { users } = db.t;
    expect(await db.get(db.q.select({ name: users.displayName }).from(users).where(eq(users.id, user.id)))).toEqual({ name: user.displayName });
    expect(await db.get(db.q.select().from(users).where(eq(users.id, -1)))).toBeUndefined();
    expect(
      await db.run(
        db.q
          .update(users)
          .set({ readingPrefs: { size: "large" } })
          .where(eq(users.id, user.id)),
      ),
    ).toBe(1);
    expect((await db.get(db.q.select({ prefs: users.readingPrefs }).from(users).where(eq(users.id, user.id))))!.prefs).toEqual({ size: "large" });
  });

  it("commits a transaction as a whole, or rolls all of it back", async () => {
    const { users } = db.t;
    const before = (await db.all(db.q.select().from(users))).length;
    await db.transaction(async (tx) => {
      await newUser(tx);
      await newUser(tx);
    });
    await expect(
      db.transaction(async (tx) => {
        await newUser(tx);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await db.all(db.q.select().from(users))).length).toBe(before + 2);
  });

  it("keeps another request's write out of a transaction that is waiting: it lands even when the transaction rolls back", async () => {
    const { users } = db.t;
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const rolledBack = db.transaction(async (tx) => {
      await newUser(tx, "inside.tx");
      inside();
      await held;
      throw new Error("roll back");
    });
    await entered;
    // Another request writes while the transaction waits.
    const outside = newUser(db, "outside.tx");
    letGo();
    await expect(rolledBack).rejects.toThrow("roll back");
    await outside;
    const names = (await db.all(db.q.select({ username: users.username }).from(users))).map((u) => u.username);
    expect(names).toContain("outside.tx");
    expect(names).not.toContain("inside.tx");
  });

  it("runs a prepared query with its placeholders, outside and inside transactions", async () => {
    const user = (await newUser(db))!;
    const build = (d: Database) => d.q.select({ name: d.t.users.username }).from(d.t.users).where(eq(d.t.users.id, sql.placeholder("id")));
    const rename = (d: Database) => d.q.update(d.t.users).set({ displayName: sql.placeholder("name") as unknown as string }).where(eq(d.t.users.id, sql.placeholder("id")));
    expect(await db.prepared("test.byId", build).get({ id: user.id })).toEqual({ name: user.username });
    expect(await db.prepared("test.byId", build).all({ id: -1 })).toEqual([]);
    await expect(
      db.transaction(async (tx) => {
        expect(await tx.prepared("test.rename", rename).run({ id: user.id, name: "renamed" })).toBe(1);
        expect(await tx.prepared("test.byId", build).get({ id: user.id })).toEqual({ name: user.username });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const { users } = db.t;
    expect((await db.get(db.q.select({ d: users.displayName }).from(users).where(eq(users.id, user.id))))!.d).toBe(user.displayName);
  });

  it("serialises read-then-write transactions on a locked row: no update is lost", async () => {
    const { users } = db.t;
    const user = (await newUser(db))!;
    // Twenty racers each read the version and write it + 1, all started at once.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const row = await tx.get(tx.forUpdate(tx.q.select({ v: users.sessionVersion }).from(users).where(eq(users.id, user.id))));
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx.run(
            tx.q
              .update(users)
              .set({ sessionVersion: row!.v + 1 })
              .where(eq(users.id, user.id)),
          );
        }),
      ),
    );
    expect((await db.get(db.q.select({ v: users.sessionVersion }).from(users).where(eq(users.id, user.id))))!.v).toBe(21);
    expect(
      await db.get(
        db.q
          .select({ one: sql<number>`1` })
          .from(users)
          .limit(1),
      ),
    ).toEqual({ one: 1 });
  });
});

describe("PostgreSQL migrations", () => {
  it("are applied once when several instances start at the same moment", async () => {
    const { createTestPostgresDatabase } = await import("./test-postgres");
    const { openPostgres } = await import("./database");
    const target = await createTestPostgresDatabase();
    try {
      const opened = await Promise.all([openPostgres(target.url, 1), openPostgres(target.url, 1), openPostgres(target.url, 1)]);
      const db = opened[0]!.db;
      expect(await db.all(db.q.select().from(db.t.users))).toEqual([]);
      await Promise.all(opened.map((o) => o.close()));
    } finally {
      await target.drop();
    }
  });
});
