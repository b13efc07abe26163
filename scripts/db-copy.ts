/*
 * `npm run db:copy -- --to postgres://user@host:5432/colloquy`: copies the SQLite database at DATABASE_PATH
 * (default data/colloquy.db) into an empty PostgreSQL database, verified table by table (db/copy.ts). Safe
 * while the server runs (it reads one snapshot), though writes made after that snapshot are not copied:
 * stop the server for the final copy.
 */
import { copyToPostgres, CopyError } from "../db/copy";
import { databasePath } from "../db/open";

async function main() {
  const at = process.argv.indexOf("--to");
  const target = at > 0 ? process.argv[at + 1] : undefined;
  if (!target || !/^postgres(ql)?:\/\//.test(target)) {
    console.error("Usage: npm run db:copy -- --to postgres://user@host:5432/database (an empty database; DATABASE_PATH names the SQLite file to copy)");
    process.exit(2);
  }
  const source = databasePath();
  const shown = target.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  try {
    const report = await copyToPostgres(source, target);
    const rows = report.tables.reduce((n, t) => n + t.rows, 0);
    for (const t of report.tables) console.log(`  ${t.name.padEnd(22)} ${String(t.rows).padStart(8)} rows  sha256 ${t.checksum.slice(0, 16)}…`);
    console.log(`Copied ${source}\n    to ${shown}: ${rows} rows in ${report.tables.length} tables, every table verified (row count and checksum).`);
    if (report.nulsRemoved > 0) console.log(`${report.nulsRemoved} values held NUL characters, which PostgreSQL cannot store; they were removed.`);
  } catch (error) {
    if (!(error instanceof CopyError)) throw error;
    console.error(`Copy failed, nothing was kept: ${error.message}`);
    process.exit(1);
  }
}

void main();
