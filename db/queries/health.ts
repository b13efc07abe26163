import { sql } from "drizzle-orm";
import type { Queryable } from "../open";

/** Throws unless the database answers a trivial read. */
export function pingDatabase(db: Queryable): void {
  db.get(sql`select 1`);
}
