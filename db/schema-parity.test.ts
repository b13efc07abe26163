import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sqliteSchema from "./schema";
import * as pgSchema from "./schema.pg";
import { openSqliteTestFile } from "./test-support";
import { createTestPostgresDatabase } from "./test-postgres";

/*
 * SQLite (the default) and PostgreSQL (DATABASE_URL) must hold the same data in the same shape: the two
 * schemas, and what their committed migrations build, define the same tables, columns, keys and indexes.
 * Types are compared by what they hold (an integer, text, a real number); SQLite keeps booleans as integers
 * and JSON as text, which the drizzle definitions compare exactly.
 */

type Column = { name: string; holds: string; notNull: boolean; hasDefault: boolean };
type Shape = {
  columns: Column[];
  primaryKey: string[];
  indexes: { name: string; unique: boolean; columns: string[]; partial: boolean }[];
  foreignKeys: string[];
  checks: string[];
};

const HOLDS: Record<string, string> = {
  integer: "integer",
  bigint: "integer",
  boolean: "integer",
  text: "text",
  jsonb: "text",
  real: "real",
  "double precision": "real",
};

function holds(type: string): string {
  const found = HOLDS[type.toLowerCase()];
  if (!found) throw new Error(`No known counterpart for the column type ${type}`);
  return found;
}

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

function sqliteShapes(): Map<string, Shape> {
  const { db, close } = openSqliteTestFile();
  try {
    const sqlite = db.$client;
    const tables = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as {
      name: string;
      sql: string;
    }[];
    const shapes = new Map<string, Shape>();
    for (const { name, sql } of tables) {
      const columns = sqlite.pragma(`table_info("${name}")`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
      const indexes = (sqlite.pragma(`index_list("${name}")`) as { name: string; unique: number; origin: string; partial: number }[])
        .filter((index) => index.origin === "c")
        .map((index) => ({
          name: index.name,
          unique: index.unique === 1,
          columns: (sqlite.pragma(`index_info("${index.name}")`) as { name: string }[]).map((c) => c.name),
          partial: index.partial === 1,
        }));
      const foreignKeys = (sqlite.pragma(`foreign_key_list("${name}")`) as { table: string; from: string; to: string }[]).map((fk) => `${fk.from} → ${fk.table}.${fk.to}`);
      shapes.set(name, {
        columns: byName(columns.map((c) => ({ name: c.name, holds: holds(c.type), notNull: c.notnull === 1, hasDefault: c.dflt_value !== null }))),
        primaryKey: columns
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        indexes: byName(indexes),
        foreignKeys: foreignKeys.sort(),
        checks: [...sql.matchAll(/CONSTRAINT "([^"]+)" CHECK/g)].map((m) => m[1]!).sort(),
      });
    }
    return shapes;
  } finally {
    close();
  }
}

async function postgresShapes(url: string): Promise<Map<string, Shape>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: path.join(import.meta.dirname, "migrations-pg") });
    const q = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[];
    const tables = await q<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    const shapes = new Map<string, Shape>();
    for (const { name } of tables) {
      const columns = await q<{ name: string; type: string; nullable: string; def: string | null }>(
        "SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS def FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        [name],
      );
      const constraint = (kind: string) =>
        q<{ name: string; columns: string[]; target: string | null; targetColumns: string[] | null }>(
          `SELECT c.conname AS name,
                  array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
                  c.confrelid::regclass::text AS target,
                  array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS "targetColumns"
           FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = $2`,
          [name, kind],
        );
      const indexes = await q<{ name: string; unique: boolean; columns: string[]; partial: boolean }>(
        `SELECT i.relname AS name, x.indisunique AS unique, x.indpred IS NOT NULL AS partial,
                array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass AND NOT x.indisprimary`,
        [name],
      );
      shapes.set(name, {
        columns: byName(columns.map((c) => ({ name: c.name, holds: holds(c.type), notNull: c.nullable === "NO", hasDefault: c.def !== null }))),
        primaryKey: (await constraint("p"))[0]?.columns ?? [],
        indexes: byName(indexes),
        foreignKeys: (await constraint("f")).map((fk) => `${fk.columns[0]} → ${fk.target!.replace(/"/g, "")}.${fk.targetColumns![0]}`).sort(),
        checks: (await constraint("c")).map((c) => c.name).sort(),
      });
    }
    return shapes;
  } finally {
    await client.end();
  }
}

describe("the SQLite and PostgreSQL schemas", () => {
  let postgres: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  beforeAll(async () => {
    postgres = await createTestPostgresDatabase();
  });
  afterAll(() => postgres?.drop());

  it("build the same tables, columns, keys and indexes from their migrations", async () => {
    const sqlite = sqliteShapes();
    const pg = await postgresShapes(postgres.url);
    expect([...pg.keys()].sort()).toEqual([...sqlite.keys()].sort());
    expect(sqlite.size).toBeGreaterThan(20);
    for (const [table, shape] of sqlite) expect(pg.get(table), table).toEqual(shape);
  });

  it("define the same columns, with what each holds, in drizzle", () => {
    const describeColumns = (columns: { name: string; dataType: string; notNull: boolean; hasDefault: boolean; enumValues?: string[] }[]) =>
      byName(columns.map((c) => ({ name: c.name, dataType: c.dataType, notNull: c.notNull, hasDefault: c.hasDefault, enumValues: c.enumValues ?? [] })));
    const sqliteTables = Object.values(sqliteSchema as Record<string, unknown>).filter((value): value is SQLiteTable => value instanceof SQLiteTable);
    const pgTables = new Map(
      Object.values(pgSchema as Record<string, unknown>)
        .filter((value): value is PgTable => value instanceof PgTable)
        .map((table) => [pgTableConfig(table).name, pgTableConfig(table)]),
    );
    expect(pgTables.size).toBe(sqliteTables.length);
    for (const table of sqliteTables) {
      const config = sqliteTableConfig(table);
      const twin = pgTables.get(config.name);
      expect(twin, config.name).toBeDefined();
      expect(describeColumns(twin!.columns), config.name).toEqual(describeColumns(config.columns));
    }
  });
});
