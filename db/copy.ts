import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { Client } from "pg";
import * as pgSchema from "./schema.pg";

/*
 * Moving a school up (`npm run db:copy -- --to postgres://…`): every row of a SQLite database copied into an
 * empty PostgreSQL database built by db/migrations-pg, in one PostgreSQL transaction, then verified table by
 * table (row counts, and a checksum of every row in key order read back from both sides) before it commits.
 * A copy that does not verify is rolled back: the target stays empty. The source is read inside one read
 * transaction, a consistent snapshot even while the server writes (WAL).
 *
 * PostgreSQL cannot store the NUL character in text, so a NUL in a text or JSON value (a pasted answer can
 * hold one) is dropped, counted and reported; the checksum compares the values as copied.
 */

export class CopyError extends Error {}

type Table = { name: string; columns: { name: string; kind: "boolean" | "json" | "number" | "string" }[]; key: string[]; identity: boolean; dependsOn: string[] };
export type CopyReport = { tables: { name: string; rows: number; checksum: string }[]; nulsRemoved: number };

const BATCH_PARAMETERS = 30_000; // PostgreSQL allows 65,535 parameters a statement

/** The tables of the PostgreSQL schema, each after the tables its foreign keys point to. */
function tablesInOrder(): Table[] {
  const tables = Object.values(pgSchema as Record<string, unknown>)
    .filter((value): value is PgTable => value instanceof PgTable)
    .map((table) => {
      const config = getTableConfig(table);
      const primary = config.columns.filter((c) => c.primary).map((c) => c.name);
      return {
        name: config.name,
        columns: config.columns.map((c) => ({ name: c.name, kind: c.dataType as Table["columns"][number]["kind"] })),
        key: primary.length ? primary : config.primaryKeys[0]!.columns.map((c) => c.name),
        identity: config.columns.some((c) => c.name === "id" && c.generatedIdentity !== undefined),
        dependsOn: config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== config.name),
      };
    });
  const ordered: Table[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && t.dependsOn.every((d) => placed.has(d)));
    if (ready.length === 0) throw new Error("The schema's foreign keys form a cycle");
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
  }
  return ordered;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A value as the checksum sees it, the same from either database (JSON with its keys in order: jsonb reorders them). */
function canonical(value: unknown, kind: Table["columns"][number]["kind"]): string {
  if (value === null || value === undefined) return "∅";
  if (kind === "boolean") return value === true || value === 1 || value === "1" ? "1" : "0";
  if (kind === "json") return stableJson(typeof value === "string" ? JSON.parse(value) : value);
  if (kind === "number") return String(Number(value));
  return String(value);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

function checksum(rows: Iterable<unknown[]>, table: Table): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(row.map((v, i) => canonical(v, table.columns[i]!.kind)).join("\u0001") + "\u0002");
  return hash.digest("hex");
}

/** Copies the SQLite database at `sourceFile` into the empty PostgreSQL database at `targetUrl`, and verifies it. */
export async function copyToPostgres(sourceFile: string, targetUrl: string, migrationsFolder = path.join(import.meta.dirname, "migrations-pg")): Promise<CopyReport> {
  const source = new Database(sourceFile, { readonly: true, fileMustExist: true });
  const target = new Client({ connectionString: targetUrl });
  await target.connect();
  let nulsRemoved = 0;
  const stripNul = (text: string) => {
    if (!text.includes("\u0000")) return text;
    nulsRemoved++;
    return text.replace(/\u0000/g, "");
  };
  // In JSON a NUL is written as the escape \u0000: the value is parsed and every string in it cleaned.
  const stripNulInJson = (json: string) => {
    if (!json.includes("\\u0000")) return json;
    const before = nulsRemoved;
    const clean = (value: unknown): unknown =>
      typeof value === "string"
        ? stripNul(value)
        : Array.isArray(value)
          ? value.map(clean)
          : value && typeof value === "object"
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), clean(v)]))
            : value;
    const cleaned = JSON.stringify(clean(JSON.parse(json)));
    if (nulsRemoved > before) nulsRemoved = before + 1; // one value, however many strings in it
    return cleaned;
  };
  try {
    await migrate(drizzle(target), { migrationsFolder });
    const tables = tablesInOrder();
    for (const table of tables) {
      const { rows } = await target.query(`SELECT 1 FROM ${quote(table.name)} LIMIT 1`);
      if (rows.length > 0) throw new CopyError(`The target database is not empty: ${table.name} has rows. Copy into a new, empty database.`);
    }
    source.exec("BEGIN"); // one snapshot of the source for the whole copy
    await target.query("BEGIN");
    const report: CopyReport["tables"] = [];
    for (const table of tables) {
      const names = table.columns.map((c) => c.name);
      const order = table.key.map(quote).join(", ");
      const select = source.prepare(`SELECT ${names.map(quote).join(", ")} FROM ${quote(table.name)} ORDER BY ${order}`).raw();
      const perBatch = Math.max(1, Math.floor(BATCH_PARAMETERS / names.length));
      let batch: unknown[][] = [];
      const copied: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const values = batch.map((row, r) => `(${row.map((_, c) => `$${r * names.length + c + 1}`).join(", ")})`).join(", ");
        await target.query(`INSERT INTO ${quote(table.name)} (${names.map(quote).join(", ")}) VALUES ${values}`, batch.flat());
        batch = [];
      };
      for (const raw of select.iterate() as IterableIterator<unknown[]>) {
        const row = raw.map((value, i) => {
          const kind = table.columns[i]!.kind;
          if (value === null) return null;
          if (kind === "boolean") return value === 1;
          if (typeof value === "string") return kind === "json" ? stripNulInJson(value) : stripNul(value);
          return value;
        });
        copied.push(row);
        batch.push(row);
        if (batch.length >= perBatch) await flush();
      }
      await flush();
      if (table.identity) await target.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce((SELECT max(id) FROM ${quote(table.name)}), 0) + 1, false)`, [table.name]);

      // Verified from what PostgreSQL now holds, read back in the same key order.
      const back = await target.query({ text: `SELECT ${names.map(quote).join(", ")} FROM ${quote(table.name)} ORDER BY ${order}`, rowMode: "array" });
      const expected = checksum(copied, table);
      const actual = checksum(back.rows as unknown[][], table);
      if (back.rows.length !== copied.length || actual !== expected)
        throw new CopyError(
          `${table.name} did not verify: ${copied.length} rows copied, ${back.rows.length} read back${actual === expected ? "" : ", and their checksums differ"}.`,
        );
      report.push({ name: table.name, rows: copied.length, checksum: actual });
    }
    await target.query("COMMIT");
    // As after any bulk load: the planner's statistics, and the visibility map that lets index-only scans skip
    // the table, now rather than whenever autovacuum comes round to it.
    // The copy is committed by now: a VACUUM that fails (a statement timeout) is worth a warning, not a failure.
    await target.query("VACUUM (ANALYZE)").catch((error: Error) => console.warn(`Copied, but VACUUM ANALYZE failed (${error.message}): run it on the database yourself.`));
    return { tables: report, nulsRemoved };
  } catch (error) {
    await target.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    if (source.inTransaction) source.exec("ROLLBACK");
    source.close();
    await target.end();
  }
}
