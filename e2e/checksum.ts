import { createHash } from "node:crypto";
import type { Db } from "@/db/open";

/*
 * A fingerprint of the whole database: per table, its row count and a hash of every row in rowid order.
 * Comparing two fingerprints says which tables a request changed, so "changes nothing" is checked on
 * every table, not only the ones a test thinks of.
 *
 * login_throttle is left out: its counters are meant to move on refused input (wrong join codes,
 * sign-ins), and that is what the throttle's own tests check.
 */
const IGNORED = new Set(["login_throttle"]);

export type Fingerprint = Record<string, string>;

function sqlite(db: Db) {
  return (db as unknown as { $client: import("better-sqlite3").Database }).$client;
}

export function tableNames(db: Db): string[] {
  return sqlite(db)
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name")
    .pluck()
    .all() as string[];
}

export function fingerprint(db: Db): Fingerprint {
  const out: Fingerprint = {};
  for (const table of tableNames(db)) {
    if (IGNORED.has(table)) continue;
    const hash = createHash("sha1");
    let rows = 0;
    // WITHOUT ROWID tables have none; every table here has one (drizzle's sqlite tables are rowid tables).
    for (const row of sqlite(db).prepare(`select * from "${table}" order by rowid`).raw().iterate()) {
      hash.update(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : Buffer.isBuffer(v) ? v.toString("hex") : v)));
      hash.update("\n");
      rows++;
    }
    out[table] = `${rows}:${hash.digest("hex")}`;
  }
  return out;
}

/** The tables whose rows differ between two fingerprints (added, removed or changed). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}

/**
 * fingerprint(), recomputed only when the database may have changed: when another connection (the
 * server) has committed since (`PRAGMA data_version`) or this one has written (`total_changes()`).
 */
export function cachedFingerprint(db: Db): () => Fingerprint {
  let key = "";
  let last: Fingerprint = {};
  return () => {
    const client = sqlite(db);
    const now = `${client.pragma("data_version", { simple: true })}:${client.prepare("select total_changes()").pluck().get()}`;
    if (now !== key) {
      last = fingerprint(db);
      key = now;
    }
    return last;
  };
}
