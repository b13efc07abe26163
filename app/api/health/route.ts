import { sql } from "drizzle-orm";
import { db } from "@/db/client";

/** For load balancers and test runners: the server answers and its database can be read. Public, says nothing private. */
export function GET() {
  db.get(sql`select 1`);
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
