/*
 * `npm run bench` (`-- --quick` for a short run of every scenario): installs dependencies and builds if
 * needed, as `npm start` does, then runs the harness (bench/main.ts) under tsx. Plain Node: it runs before
 * node_modules may exist.
 */
import path from "node:path";
import { bin, ensureBuild, ensureDependencies, root, run } from "../scripts/lib/setup.mjs";

ensureDependencies();
ensureBuild({ ...process.env, NEXTAUTH_SECRET: "build-time-placeholder" });
process.exit(run(bin("tsx"), [path.join(root, "bench", "main.ts"), ...process.argv.slice(2)]));
