/*
 * A throwaway PostgreSQL server for the tests (and the bench): Debian's `postgresql` package (`npm test`
 * installs it, scripts/lib/setup.mjs), a cluster created with initdb in a temporary directory, listening on
 * a free port of 127.0.0.1 only, trusting local connections, and removed when stopped. Nothing is assumed
 * to be running. PostgreSQL refuses to run as root, so as root the cluster runs as Debian's `postgres`
 * user. Plain Node with no dependencies, like setup.mjs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest installed server's programs (/usr/lib/postgresql/<version>/bin), or undefined. */
export function postgresBinDir() {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster and resolves to its URL (database "postgres", user "postgres", no password) and a stop
 * function that shuts it down and removes its files. Durability settings are off: it holds test data only.
 */
export async function startPostgres() {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL's server programs are not installed (Debian's postgresql package; npm test installs it).");
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-pg-"));
  const data = path.join(dir, "data");
  const run = (program, args) => {
    const command = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]] : [path.join(bin, program), args];
    const result = spawnSync(command[0], command[1], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
  };
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    spawnSync("chown", ["postgres:postgres", dir]);
  }
  const port = await freePort();
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
