/*
 * The harness's own production server: scripts/server.mjs on the built .next, a free port, a database in a
 * temporary folder, the environment the browser tests pin (playwright.config.ts), stopped with its
 * whole process group.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { sleep } from "./stats";

export const root = path.resolve(__dirname, "..", "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function serverEnv(port: number, databaseFile: string, secret: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_PATH: databaseFile,
    // Unset, as on a default install (and in the browser tests): the app follows the address each client opened.
    NEXTAUTH_URL: "",
    NEXTAUTH_SECRET: secret,
    COLLOQUY_DEMO: "off",
    NEXT_TELEMETRY_DISABLED: "1",
    // Pinned, so that a developer's shell cannot change what is measured.
    TRUST_PROXY: "",
    COLLOQUY_CONTENT_DIR: "",
    COLLOQUY_SYNCHRONOUS: "",
  };
}

/** scripts/migrate.ts through tsx, as e2e/server.mjs does before starting the server. */
export function migrate(env: NodeJS.ProcessEnv): void {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "migrate.ts")], { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`Migrating failed:\n${result.stdout}${result.stderr}`);
}

/** Linux's clock ticks per second, in which /proc reports CPU time. */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

export class Server {
  private child: ChildProcess | undefined;
  /** How it ended, when it ended by itself or at another's hand: part of the error a scenario reports. */
  exit: { code: number | null; signal: NodeJS.Signals | null; at: string } | undefined;
  constructor(
    readonly port: number,
    private env: NodeJS.ProcessEnv,
    private logFile: string,
    /** Where to write the server's V8 CPU profile when it stops (node --cpu-prof), if anywhere. */
    private profileDir?: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** CPU time the server process has used so far, every thread (user + system, from /proc), in ms; NaN off Linux. */
  cpuMs(): number {
    try {
      const fields = fs.readFileSync(`/proc/${this.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }

  async start(): Promise<void> {
    const log = fs.openSync(this.logFile, "a");
    // Its own process group, so that stopping it reaches anything it started.
    const profile = this.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${this.profileDir}`] : [];
    this.child = spawn(process.execPath, [...profile, path.join(root, "scripts", "server.mjs")], { cwd: root, env: this.env, detached: true, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    this.exit = undefined;
    this.child.once("exit", (code, signal) => (this.exit = { code, signal, at: new Date().toISOString() }));
    const began = Date.now();
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`The server exited with ${this.child.exitCode} while starting:\n${this.tail()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/api/health`);
        if (response.ok && this.child.exitCode === null) return;
      } catch {
        // not listening yet
      }
      if (Date.now() - began > 90_000) throw new Error(`The server did not answer /api/health within 90 s:\n${this.tail()}`);
      await sleep(100);
    }
  }

  /** Whether it is still running: a scenario that crashed it is a failure of the run. */
  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory of the server process, in MiB (Linux /proc). */
  rssMiB(): number {
    const status = fs.readFileSync(`/proc/${this.child!.pid}/status`, "utf8");
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 102.4) / 10;
  }

  /**
   * Open sockets of the server process on its own port: every client connection is one, the listening socket
   * too. Its connections to PostgreSQL (a pool that grows under load and stays) are not counted.
   */
  sockets(): number {
    // Socket inodes bound to this port locally, from the kernel's TCP tables.
    const port = this.port.toString(16).toUpperCase().padStart(4, "0");
    const ours = new Set<string>();
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      if (!fs.existsSync(table)) continue;
      for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields.length > 9 && fields[1]!.endsWith(`:${port}`)) ours.add(fields[9]!);
      }
    }
    let n = 0;
    for (const fd of fs.readdirSync(`/proc/${this.child!.pid}/fd`)) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${this.child!.pid}/fd/${fd}`))?.[1];
        if (inode && ours.has(inode)) n++;
      } catch {
        // closed while we looked
      }
    }
    return n;
  }

  /** Why it is not running, for an error message. */
  get death(): string {
    return this.exit ? `exit code ${this.exit.code}, signal ${this.exit.signal ?? "none"}, at ${this.exit.at}` : "still running";
  }

  tail(lines = 30): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n") : "";
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone already
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }

  /** For an exit handler that cannot wait. */
  killNow(): void {
    const child = this.child;
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
}
