/*
 * `npm test`: every test there is. Installs what it needs first (dependencies; Debian's Chromium, poppler-utils
 * and PostgreSQL), lints (eslint.config.mjs: promises used as values, React's rules of hooks), runs the unit
 * and database tests (vitest; the database tests that run on PostgreSQL too start a throwaway server of
 * their own, db/postgres.setup.ts), builds the app, and runs the browser tests (Playwright) against that
 * production build on a port and database of their own: once on SQLite, the default, and once on
 * PostgreSQL (a throwaway cluster, e2e/server.mjs), where e2e/instances.spec.ts also runs two instances.
 */
import { ensureBuild, ensureChromium, ensureDependencies, ensurePoppler, ensurePostgres, bin, runOrExit } from "./lib/setup.mjs";

ensureDependencies();
ensureChromium();
ensurePoppler();
ensurePostgres();
runOrExit(bin("eslint"), ["--max-warnings", "0", "."]);
runOrExit(bin("vitest"), ["run"]);
ensureBuild({ ...process.env, NEXTAUTH_SECRET: "build-time-placeholder" });
runOrExit(bin("playwright"), ["test"]);
runOrExit(bin("playwright"), ["test"], { env: { ...process.env, E2E_DATABASE: "postgres" } });
