import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPostgresDatabase } from "@/db/test-postgres";
import { RESYNC, type LiveMessage } from "./live-message";
import { PostgresChannel } from "./realtime-postgres";

/*
 * The live channel of several instances: two channels on one PostgreSQL stand for two app instances.
 */

const msg = (id: number, data: unknown = { id }): LiveMessage => ({ id, type: "post", data });
const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe("the PostgreSQL live channel", () => {
  let database: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let a: PostgresChannel;
  let b: PostgresChannel;
  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    a = new PostgresChannel(database.url);
    b = new PostgresChannel(database.url);
    await Promise.all([a.listen(), b.listen()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it("delivers a publish on one instance to the subscribers of every instance, once, in order", async () => {
    const onA: number[] = [];
    const onB: number[] = [];
    const offA = a.subscribe("debate:1", (m) => onA.push(m.id));
    const offB = b.subscribe("debate:1", (m) => onB.push(m.id));
    const other: number[] = [];
    const offOther = b.subscribe("debate:2", (m) => other.push(m.id));
    for (let id = 1; id <= 5; id++) a.publish("debate:1", msg(id));
    await until(() => onA.length === 5 && onB.length === 5, "both instances");
    expect(onA).toEqual([1, 2, 3, 4, 5]);
    expect(onB).toEqual([1, 2, 3, 4, 5]);
    expect(other).toEqual([]);
    offA();
    offB();
    offOther();
  });

  it("sends a message too large for a NOTIFY as RESYNC (the subscriber reads the store)", async () => {
    const got: LiveMessage[] = [];
    const off = b.subscribe("debate:3", (m) => got.push(m));
    a.publish("debate:3", msg(1, { body: "é".repeat(5000) }));
    a.publish("debate:3", msg(2));
    await until(() => got.length === 2, "two messages");
    expect(got.map((m) => [m.id, m.type])).toEqual([
      [0, RESYNC],
      [2, "post"],
    ]);
    off();
  });

  it("reconnects a listener that lost its connection, then tells every subscriber to resync", async () => {
    const got: LiveMessage[] = [];
    const off = b.subscribe("debate:4", (m) => got.push(m));
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Cut every listening connection but our own.
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()");
    } finally {
      await admin.end();
    }
    await until(() => got.some((m) => m.type === RESYNC), "a resync");
    await b.listen();
    await a.listen();
    a.publish("debate:4", msg(7));
    await until(() => got.some((m) => m.id === 7), "a message after the reconnect");
    off();
  });
});
