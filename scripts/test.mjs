/*
 * `npm test`: every test there is. Installs what it needs first (dependencies; Debian's Chromium and poppler-utils), then
 * runs the unit and database tests (vitest), builds the app, and runs the browser tests (Playwright)
 * against that production build on a port and database of their own.
 */
import { ensureBuild, ensureChromium, ensureDependencies, ensurePoppler, bin, runOrExit } from "./lib/setup.mjs";

ensureDependencies();
ensureChromium();
ensurePoppler();
runOrExit(bin("vitest"), ["run"]);
ensureBuild({ ...process.env, NEXTAUTH_SECRET: "build-time-placeholder" });
runOrExit(bin("playwright"), ["test"]);
