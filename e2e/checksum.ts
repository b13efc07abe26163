import { createHash } from "node:crypto";
import { getTableName, is, sql, Table } from "drizzle-orm";
import type { Database } from "@/db/database";
import type { Db } from "@/db/open";

/*
 * A fingerprint of the whole database: per table, its row count and a hash of every row (in a fixed
 * order, the rows' own text sorted: PostgreSQL returns rows in no particular order). Comparing two fingerprints says which tables a request changed, so "changes nothing"
 * is checked on every table of the schema, not only the ones a test thinks of.
 *
 * login_throttle is left out: its counters are meant to move on refused input (wrong join codes,
 * sign-ins), and that is what the throttle's own tests check.
 */
const IGNORED = new Set(["login_throttle"]);

export type Fingerprint = Record<string, string>;

type AnyTable = Database["t"]["users"];

/** The schema's tables (db.t), by name. */
function tablesOf(db: Database): [string, AnyTable][] {
  return Object.values(db.t)
    .filter((value) => is(value, Table))
    .map((table) => [getTableName(table as unknown as Table), table as unknown as AnyTable] as [string, AnyTable])
    .sort(([a], [b]) => a.localeCompare(b));
}

export function tableNames(db: Database): string[] {
  return tablesOf(db).map(([name]) => name);
}

export async function fingerprint(db: Database): Promise<Fingerprint> {
  const out: Fingerprint = {};
  for (const [name, table] of tablesOf(db)) {
    if (IGNORED.has(name)) continue;
    if (db.dialect === "postgres") {
      // Hashed by the server, each row as PostgreSQL writes it as text, in the order of that text: only
      // compared with other fingerprints of the same database, so it need not match SQLite's.
      const row = await db.get(
        db.q.select({ n: sql<number>`count(*)::int`, hash: sql<string | null>`md5(string_agg(${table}::text, E'\n' order by ${table}::text))` }).from(table),
      );
      out[name] = `${row?.n ?? 0}:${row?.hash ?? ""}`;
      continue;
    }
    const rows = (await db.all(db.q.select().from(table))).map((row) =>
      JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : Buffer.isBuffer(v) ? v.toString("hex") : v)),
    );
    rows.sort();
    const hash = createHash("sha1");
    for (const row of rows) {
      hash.update(row);
      hash.update("\n");
    }
    out[name] = `${rows.length}:${hash.digest("hex")}`;
  }
  return out;
}

/** The tables whose rows differ between two fingerprints (added, removed or changed). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}

/**
 * fingerprint(), recomputed only when the database may have changed. On SQLite (`file` is the
 * better-sqlite3 connection under `db`): when another connection (the server) has committed since
 * (`PRAGMA data_version`) or this one has written (`total_changes()`). On PostgreSQL: when its snapshot
 * has moved (`txid_current_snapshot()`: a transaction id is handed out by a transaction's first write, and
 * one in progress is listed until it ends), so a write anywhere, committed or not yet, changes the key.
 */
export function cachedFingerprint(db: Database, file: Db | undefined): () => Promise<Fingerprint> {
  let key = "";
  let last: Fingerprint = {};
  return async () => {
    let now: string;
    if (file) {
      const client = file.$client;
      now = `${client.pragma("data_version", { simple: true })}:${client.prepare("select total_changes()").pluck().get()}`;
    } else {
      now = (await db.get(db.q.select({ snapshot: sql<string>`txid_current_snapshot()::text` }).from(db.t.appMeta).limit(1)))?.snapshot ?? "";
      // An empty app_meta gives no row: no key, so no caching.
      if (!now) return fingerprint(db);
    }
    if (now !== key) {
      last = await fingerprint(db);
      key = now;
    }
    return last;
  };
}
