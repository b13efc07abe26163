import "server-only";
import { openDatabase, type Db } from "./open";

const globalForDb = globalThis as unknown as { colloquyDb?: Db };

function connection(): Db {
  // Cached on globalThis so that dev-mode module reloads do not open a new connection on every edit.
  globalForDb.colloquyDb ??= openDatabase();
  return globalForDb.colloquyDb;
}

/**
 * The one connection of this server process, opened on first use (so `next build`, which loads modules
 * without serving anyone, never creates a database file).
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = connection();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
