import { sql } from "drizzle-orm";
import type { Database } from "../database";

/** Throws unless the database answers a trivial read. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.get(db.q.select({ one: sql`1` }).from(db.t.appMeta).limit(1));
}
