import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { Client, Pool } from "pg";
import type { Db, Queryable } from "./open";
import * as sqliteTables from "./schema";
import * as pgTables from "./schema.pg";

/*
 * One async data layer over two databases (issue 13): SQLite through better-sqlite3 (the default) and
 * PostgreSQL through node-postgres (DATABASE_URL). A query function builds its query once, with drizzle and
 * the tables `db.t`, and runs it through `db.all / get / run`:
 *
 *   const user = await db.get(db.q.select().from(db.t.users).where(eq(db.t.users.id, id)));
 *
 * Both are typed as SQLite's: the two schemas hold the same shapes (db/schema-parity.test.ts), and the
 * query builders share the calls used here. At run time each database gets its own drizzle and tables, so
 * the SQL is its dialect's. What differs (row locks, SQL fragments) goes through `db.dialect`.
 *
 * Transactions are async on both. better-sqlite3 runs one statement at a time on one connection, so while a
 * transaction awaits, another request's statement could run inside it (and be rolled back with it): a
 * transaction holds the connection's lock from BEGIN to COMMIT, and statements outside it wait for the lock
 * (they run at once when it is free, the common case). Nothing slow may be awaited inside a transaction.
 *
 * Not used by the app yet. Moving onto it: reads and single statements can move module by module, but on
 * SQLite the old synchronous calls share the connection without waiting for the lock, so no transaction of
 * this layer may run while synchronous code still writes: every transaction moves in the same change.
 * Then db/client.ts opens SQLite or PostgreSQL (DATABASE_URL) behind this interface.
 */

export type Dialect = "sqlite" | "postgres";
type Tables = typeof sqliteTables;

/** A built query as SQLite's builder has it; on PostgreSQL the same builder is awaited instead. */
type Query<Row> = { all(): Row[]; get(): Row | undefined; run(): { changes: number } };
type Rows<Q> = Q extends { all(): (infer Row)[] } ? Row : never;
type Params = Record<string, unknown>;

/** A query built once with `sql.placeholder`s (see `Database.prepared`), run with their values. */
export interface Prepared<Row> {
  all(params: Params): Promise<Row[]>;
  get(params: Params): Promise<Row | undefined>;
  run(params: Params): Promise<number>;
}
/** Any built query: a select, or a write with or without `returning()`. */
type Runnable = { run(): { changes: number } };
/** How a prepared query is built: a module-level function, so its identity keys the cache. */
export type PreparedBuild<Q extends Runnable> = (db: Database) => Q;

export interface Database {
  readonly dialect: Dialect;
  /** drizzle, to build queries with (not to run them: that is `all`, `get` and `run`). */
  readonly q: Queryable;
  /** The tables of this database's schema. */
  readonly t: Tables;
  all<Q extends Query<unknown>>(query: Q): Promise<Rows<Q>[]>;
  /** The first row, or undefined. */
  get<Q extends Query<unknown>>(query: Q): Promise<Rows<Q> | undefined>;
  /** A write: how many rows it changed. */
  run(query: { run(): { changes: number } }): Promise<number>;
  /** `fn` in one transaction, committed when it returns, rolled back when it throws. Inside, use `tx`, never `db`. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** A SELECT that locks the rows it reads until the transaction ends (PostgreSQL's FOR UPDATE; SQLite's one writer needs none). */
  forUpdate<Q>(query: Q): Q;
  /**
   * Inside a transaction: waits until no other transaction holds `key`, then holds it until this one ends
   * (PostgreSQL's pg_advisory_xact_lock). For a limit with no row of its own to lock yet, so that one
   * transaction's check and count are not interleaved with another's. SQLite's one writer needs none.
   */
  lock(key: string): Promise<void>;
  /**
   * A query for a hot path, built by `build` with `sql.placeholder`s. On SQLite it is prepared once per
   * connection and reused by every transaction on it; on PostgreSQL it is a named prepared statement
   * (`name`, unique in the app), which each pooled connection parses once.
   */
  prepared<Q extends Runnable>(name: string, build: PreparedBuild<Q>): Prepared<Rows<Q>>;
}

/** Waiting in line for one SQLite connection: a transaction holds it across its awaits. */
class ConnectionLock {
  private held = false;
  private waiting: (() => void)[] = [];
  get free(): boolean {
    return !this.held;
  }
  async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
  /** For a statement outside any transaction: at once when free, else after the transactions ahead of it. */
  async whenFree<T>(run: () => T): Promise<T> {
    if (!this.held) return run();
    await this.acquire();
    try {
      return run();
    } finally {
      this.release();
    }
  }
}

/** The async layer over a better-sqlite3 connection (db/open.ts). */
export function sqliteDatabase(db: Db): Database {
  const lock = new ConnectionLock();
  let savepoints = 0;
  // Prepared once: a transaction per autosave should not parse BEGIN and COMMIT each time.
  const control = { begin: db.$client.prepare("BEGIN IMMEDIATE"), commit: db.$client.prepare("COMMIT"), rollback: db.$client.prepare("ROLLBACK") };
  type Statement = { all(params: Params): unknown[]; get(params: Params): unknown; run(params: Params): { changes: number } };
  // Statements are prepared on the connection, so the base layer and every transaction share them.
  const statements = new Map<PreparedBuild<Runnable>, Statement>();
  const statement = (build: PreparedBuild<Runnable>): Statement => {
    let prepared = statements.get(build);
    if (!prepared) statements.set(build, (prepared = (build(base) as unknown as { prepare(): Statement }).prepare()));
    return prepared;
  };
  const make = (inTransaction: boolean): Database => {
    const exec = <T>(run: () => T): Promise<T> => (inTransaction ? Promise.resolve(run()) : lock.whenFree(run));
    const self: Database = {
      dialect: "sqlite",
      q: db,
      t: sqliteTables,
      all: (query) => exec(() => query.all() as never),
      get: (query) => exec(() => query.get() as never),
      run: (query) => exec(() => query.run().changes),
      forUpdate: (query) => query,
      lock: async () => {},
      prepared: (_name, build) => {
        const prepared = () => statement(build);
        return {
          all: (params) => exec(() => prepared().all(params) as never),
          get: (params) => exec(() => prepared().get(params) as never),
          run: (params) => exec(() => prepared().run(params).changes),
        };
      },
      async transaction(fn) {
        if (inTransaction) {
          // Nested: a savepoint inside the transaction this one runs in.
          const name = `s${++savepoints}`;
          db.run(sql.raw(`SAVEPOINT ${name}`));
          try {
            const result = await fn(self);
            db.run(sql.raw(`RELEASE ${name}`));
            return result;
          } catch (error) {
            db.run(sql.raw(`ROLLBACK TO ${name}`));
            db.run(sql.raw(`RELEASE ${name}`));
            throw error;
          }
        }
        await lock.acquire();
        try {
          control.begin.run();
          try {
            const result = await fn(inside);
            control.commit.run();
            return result;
          } catch (error) {
            // SQLite may have rolled back by itself already (a failed COMMIT, an I/O error): the first error
            // is the one to report.
            try {
              control.rollback.run();
            } catch {
              // nothing left to roll back
            }
            throw error;
          }
        } finally {
          lock.release();
        }
      },
    };
    return self;
  };
  const inside = make(true);
  const base = make(false);

  return base;
}

/** The async layer over a node-postgres pool. */
export function postgresDatabase(pg: NodePgDatabase<typeof pgTables>): Database {
  type Awaitable = PromiseLike<unknown[]> & { for?: (strength: "update") => unknown };
  type Execute = { execute(params: Params): Promise<unknown> };
  const make = (q: NodePgDatabase<typeof pgTables>): Database => ({
    dialect: "postgres",
    // The PostgreSQL drizzle and tables, seen through SQLite's types (see the note at the top).
    q: q as unknown as Queryable,
    t: pgTables as unknown as Tables,
    all: async (query) => (await (query as unknown as Awaitable)) as never,
    get: async (query) => ((await (query as unknown as Awaitable))[0] ?? undefined) as never,
    run: async (query) => (await (query as unknown as PromiseLike<{ rowCount: number | null }>)).rowCount ?? 0,
    forUpdate: (query) => (query as unknown as Required<Awaitable>).for("update") as never,
    lock: async (key) => {
      // The two-key form: a keyspace apart from the migrations' one-key lock.
      await q.execute(sql`select pg_advisory_xact_lock(${KEY_LOCKS}, hashtext(${key}))`);
    },
    transaction: (fn) => q.transaction((tx) => fn(make(tx as unknown as NodePgDatabase<typeof pgTables>))),
    prepared(name, build) {
      // Built again on each call (cheap), so it runs on this layer's connection: the pool, or the transaction's.
      const execute = (params: Params) => (build(this) as unknown as { prepare(name: string): Execute }).prepare(name).execute(params);
      return {
        all: async (params) => (await execute(params)) as never,
        get: async (params) => (((await execute(params)) as unknown[])[0] ?? undefined) as never,
        run: async (params) => ((await execute(params)) as { rowCount: number | null }).rowCount ?? 0,
      };
    },
  });
  return make(pg);
}

/** The layer over a new node-postgres pool for `url` (no migrations: see `openPostgres`), and a way to close the pool. */
export function connectPostgres(url: string, max = 10): { db: Database; close: () => Promise<void>; migrate: () => Promise<void> } {
  const pool = new Pool({ connectionString: url, max });
  // An idle connection the server closed (a restart, a failover): the pool drops it and opens another when
  // needed. Without a listener, node-postgres would throw it as an uncaught error.
  pool.on("error", (error) => console.warn(`PostgreSQL: an idle connection was closed (${error.message}); the pool opens a new one when needed.`));
  const pg = drizzlePg(pool, { schema: pgTables });
  return { db: postgresDatabase(pg), close: () => pool.end(), migrate: () => migratePostgres(url) };
}

/** The first key of `Database.lock`'s advisory locks (any int4). */
const KEY_LOCKS = 7411014;

/** Any number below 2^63: the advisory lock instances starting together take turns on to migrate. */
const MIGRATION_LOCK = 7_411_013;

/**
 * Applies db/migrations-pg on one connection of its own, holding an advisory lock meanwhile: instances
 * started at the same moment migrate one after another (the second finds nothing left to do), never twice
 * at once.
 */
async function migratePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const migrationsFolder = path.join(path.resolve(/*turbopackIgnore: true*/ process.env.COLLOQUY_ROOT || process.cwd()), "db", "migrations-pg");
    await migratePg(drizzlePg(client, { schema: pgTables }), { migrationsFolder });
  } finally {
    await client.end();
  }
}

/** A PostgreSQL database at `url`, its migrations (db/migrations-pg) applied: the layer, and a way to close its pool. */
export async function openPostgres(url: string, max = 10): Promise<{ db: Database; close: () => Promise<void> }> {
  const connected = connectPostgres(url, max);
  await connected.migrate();
  return connected;
}
