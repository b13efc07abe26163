/*
 * Test helper (db/queries/attempts.test.ts): one process submitting one attempt at an agreed moment, so
 * that two of them race for real on the same database file. Prints the submit's status.
 */
import { openDatabase } from "./open";
import { submitAttempt } from "./queries/attempts";

const [file, studentId, assignmentId, answers, startAt] = process.argv.slice(2);
const db = openDatabase(file);
while (Date.now() < Number(startAt)) {
  // wait for the agreed moment
}
const result = submitAttempt(db, Number(studentId), Number(assignmentId), JSON.parse(answers!));
process.stdout.write(result.status);
db.$client.close();
