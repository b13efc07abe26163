/* The server the browser tests run against: the production build, on a fresh migrated database. */
import { spawn } from "node:child_process";
import path from "node:path";
import { bin, root, runOrExit } from "../scripts/lib/setup.mjs";

runOrExit(bin("tsx"), [path.join(root, "scripts", "migrate.ts")]);
const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
