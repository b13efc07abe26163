/*
 * `npm run db:restore -- <file>`: replaces DATABASE_PATH (default data/colloquy.db) with a backup made by
 * `npm run db:backup`, after checking it. Refuses while the server has the database open. The database
 * being replaced is backed up first, beside the other backups.
 */
import path from "node:path";
import { BackupError, restoreDatabase } from "../db/backup";
import { databasePath } from "../db/open";

const argument = process.argv[2];
if (!argument) {
  console.error("Usage: npm run db:restore -- <backup file>   (stop the server first)");
  process.exit(2);
}
const file = path.resolve(argument);
const target = databasePath();

async function main() {
  try {
    const { replaced } = await restoreDatabase(file, target);
    console.log(`Restored ${file}\n      into ${target}.`);
    if (replaced) console.log(`The database it replaced was kept as ${replaced}.`);
    console.log("Start the server again (npm start); it applies any newer migrations to the restored database.");
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

void main();
