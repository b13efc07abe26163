/*
 * `npm start`: install if needed, migrate, seed the demo on first run, build if needed, serve.
 * `npm run dev` (--dev): the same set-up, then Next's dev server.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { appEnv, bin, ensureBuild, ensureDependencies, root, runOrExit } from "./lib/setup.mjs";

const dev = process.argv.includes("--dev");

ensureDependencies();
const env = appEnv();
// The build validates content/ first, so a broken lesson stops here with its file and field named.
if (dev) runOrExit(bin("tsx"), [path.join(root, "scripts", "content-check.ts")], { env });
else ensureBuild(env);
runOrExit(bin("tsx"), [path.join(root, "scripts", "prepare.ts")], { env });

const child = dev
  ? spawn(bin("next"), ["dev", "--port", env.PORT], { cwd: root, env, stdio: "inherit" })
  : spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
