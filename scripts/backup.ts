/*
 * `npm run db:backup [-- <file>]`: an online backup of DATABASE_PATH (default data/colloquy.db), safe
 * while the server is running and writing. Default destination: a `backups` folder beside the database.
 */
import path from "node:path";
import { backupDatabase, BackupError, defaultBackupPath } from "../db/backup";
import { databasePath } from "../db/open";

const source = databasePath();
const destination = path.resolve(process.argv[2] || defaultBackupPath(source));

async function main() {
  try {
    const { file, pages } = await backupDatabase(source, destination);
    console.log(`Backed up ${source}\n       to ${file} (${pages} pages; integrity_check ok).`);
    const shown = path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file);
    console.log(`To restore it: stop the server, then run  npm run db:restore -- ${shown}`);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`Backup failed: ${error.message}`);
    process.exit(1);
  }
}

void main();
