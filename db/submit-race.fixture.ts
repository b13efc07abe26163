/*
 * Test helper (db/queries/attempts.test.ts): one process submitting one attempt at an agreed moment, so
 * that two of them race for real on the same database: a SQLite file, or a PostgreSQL URL. Prints the
 * submit's status.
 */
import { connectPostgres, sqliteDatabase, type Database } from "./database";
import { openDatabase } from "./open";
import { submitAttempt } from "./queries/attempts";

async function main() {
  const [target, studentId, assignmentId, answers, startAt] = process.argv.slice(2);
  let db: Database;
  let close: () => Promise<void>;
  if (/^postgres(ql)?:/.test(target!)) {
    ({ db, close } = connectPostgres(target!, 1));
  } else {
    const sqlite = openDatabase(target);
    db = sqliteDatabase(sqlite);
    close = async () => {
      sqlite.$client.close();
    };
  }
  // Connected before the moment (PostgreSQL's pool opens its connection on the first query), so both start alike.
  await db.get(db.q.select({ id: db.t.users.id }).from(db.t.users).limit(1));
  while (Date.now() < Number(startAt)) {
    // wait for the agreed moment
  }
  const result = await submitAttempt(db, Number(studentId), Number(assignmentId), JSON.parse(answers!));
  process.stdout.write(result.status);
  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
