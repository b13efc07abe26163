import { db } from "@/db/client";
import { pingDatabase } from "@/db/queries/health";

/** For load balancers and test runners: the server answers and its database can be read. Public, says nothing private. */
export async function GET() {
  await pingDatabase(db);
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
