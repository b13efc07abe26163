/*
 * The benchmark harness (bench/run.mjs builds first, then runs this). It starts its own production server
 * on a free port with a fresh database, writes its own school into it, and measures each scenario as a
 * ratio against a baseline taken in the same run, interleaved round by round, so the numbers mean something
 * on a shared two-core machine where the absolute ones drift. It reports and never judges: there are no
 * thresholds. It exits non-zero only when a scenario errors (the server fails to start or dies, a request
 * path breaks, an acknowledged write is lost).
 *
 * --quick: every scenario, briefly (small N, two rounds), so that the harness cannot rot; CI runs it.
 * Results: bench/results/<timestamp>.json (git-ignored), and one table on stdout.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sqliteDatabase } from "../db/database";
import { openDatabase, type Db } from "../db/open";
import { hashPassword } from "../lib/auth/password";
import { loadLessons } from "../lib/content/load";
import { indexLesson } from "../lib/lesson-items";
import type { Context, Outcome, Row } from "./lib/context";
import { target } from "./lib/http";
import { seedBase, seedSchool, seedSignInOnly } from "./lib/seed";
import { freePort, migrate, root, Server, serverEnv } from "./lib/server";
import { round } from "./lib/stats";
import { autosave } from "./scenarios/autosave";
import { debates } from "./scenarios/debate";
import { instructorPages } from "./scenarios/instructor";
import { period } from "./scenarios/period";
import { signInScenario } from "./scenarios/signin";
import { pageWeight } from "./scenarios/weight";
import { onPostgres } from "./scenarios/postgres";
import { printProfile } from "./lib/profile";

const quick = process.argv.includes("--quick");
// --only=sign-in,autosave: just the scenarios whose names contain one of these (the data is seeded all the same).
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",").filter(Boolean);
// --profile: the server runs under node --cpu-prof; its profile is summarised at the end and kept in bench/results.
const profiling = process.argv.includes("--profile");
const PASSWORD = "bench password, not a real one";
// Sizes: the full run is a school; --quick keeps every scenario but small.
const SIZE = quick
  ? { students: 60, gridStudents: 30, signInOnly: 60, liveStudents: 30, classCount: 4, classSize: 20, assignments: 47 }
  : { students: 400, gridStudents: 200, signInOnly: 1000, liveStudents: 300, classCount: 8, classSize: 180, assignments: 47 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-bench-"));
const databaseFile = path.join(dir, "bench.db");
let server: Server | undefined;
let db: Db | undefined;

function cleanUp() {
  server?.killNow();
  try {
    db?.$client.close();
  } catch {
    // already closed
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the bench server and removing ${dir}`);
    cleanUp();
    process.exit(130);
  });
}

const loadavg = () => os.loadavg().map((n) => round(n, 2));

function printTable(rows: Row[]) {
  const columns: (keyof Row)[] = ["scenario", "measured", "baseline", "ratio", "notes"];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (c === "notes" ? 0 : r[c].length))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === columns.length - 1 ? cell : cell.padEnd(widths[i]!))).join(" | ");
  console.log(line(columns));
  console.log(widths.map((w, i) => "-".repeat(i === columns.length - 1 ? 5 : w)).join("-|-"));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadStart = loadavg();
  const began = performance.now();
  const secret = randomBytes(32).toString("base64url");
  const port = await freePort();
  const env = serverEnv(port, databaseFile, secret);
  console.log(`Bench${quick ? " (quick)" : ""}: server on 127.0.0.1:${port}, data in ${dir}, load average ${loadStart.join(" ")}`);

  migrate(env);
  db = openDatabase(databaseFile);
  const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy") ?? loadLessons().lessons[0];
  if (!lesson) throw new Error("No lesson in content/lessons.");
  const index = indexLesson(lesson);
  const passwordHash = await hashPassword(PASSWORD);
  const database = sqliteDatabase(db);
  const seeded = await seedBase(database, lesson, passwordHash, SIZE);
  const signInOnly = await seedSignInOnly(database, passwordHash, 0, SIZE.signInOnly);
  console.log(`Seeded ${seeded.students.length + signInOnly.length} students and the grid class (${seeded.grid.studentIds.length} × ${index.items.length} items).`);

  const profileDir = profiling ? path.join(root, "bench", "results", `${startedAt.toISOString().replace(/[:.]/g, "-")}-profile`) : undefined;
  server = new Server(port, env, path.join(dir, "server.log"), profileDir);
  await server.start();
  const ctx: Context = { quick, to: target(port), server, db, secret, password: PASSWORD, passwordHash, lesson, index, seeded, signInOnly };

  const rows: Row[] = [];
  const scenarios: Record<string, unknown> = {};
  const failures: string[] = [];
  const fail = (name: string, message: string, detail = message) => {
    failures.push(`${name}: ${message}`);
    rows.push({ scenario: name, measured: "ERROR", baseline: "", ratio: "", notes: message.split("\n")[0]!.slice(0, 160) });
    scenarios[name] = { error: detail };
  };
  const step = async <T extends Outcome>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (only && !only.some((o) => name.includes(o))) return undefined;
    // A dead server fails every scenario after it; they are not run, so the first error is the one to read.
    if (!server!.alive) {
      console.log(`${name}… skipped`);
      fail(name, `skipped: the server is not running (${server!.death})`);
      return undefined;
    }
    const t = performance.now();
    process.stdout.write(`${name}… `);
    try {
      const outcome = await run();
      if (!server!.alive) throw new Error("the server died during the scenario");
      rows.push(...outcome.rows);
      scenarios[name] = { ...outcome.details, seconds: round((performance.now() - t) / 1000, 1) };
      console.log(`${round((performance.now() - t) / 1000, 1)} s`);
      return outcome;
    } catch (error) {
      const died = server!.alive ? "" : ` (the server is not running: ${server!.death}; its log ends:\n${server!.tail()})`;
      console.log("FAILED");
      console.error(((error as Error).stack ?? String(error)) + died);
      fail(name, (error as Error).message + died, ((error as Error).stack ?? String(error)) + died);
      return undefined;
    }
  };

  await step("4 instructor pages, 1 assignment", () => instructorPages(ctx, "1 assignment"));
  const school = await seedSchool(database, lesson, seeded, SIZE);
  ctx.school = school;
  const responseCount = (db.$client.prepare("SELECT count(*) AS n FROM responses").get() as { n: number }).n;
  console.log(`Seeded the school: ${school.assignments} assignments, ${responseCount.toLocaleString("en")} responses in ${round(school.seconds, 1)} s.`);
  await step(`4 instructor pages, ${school.assignments} assignments`, () => instructorPages(ctx, `${school.assignments} assignments`));
  await step("1 autosave", () => autosave(ctx));
  await step("2 sign-in", () => signInScenario(ctx));
  await step("3 class period", async () => {
    const outcome = await period(ctx);
    if ((outcome.details.lostWrites as number) > 0)
      throw new Error(`${outcome.details.lostWrites} acknowledged writes lost: ${(outcome.details.lostSamples as string[]).join("; ")}`);
    return outcome;
  });
  const debating = await step("6 debate fan-out", () => debates(ctx));
  await step("5 page weight", () => pageWeight(ctx, debating?.live[0]?.id ?? 0));
  await step("7 PostgreSQL", () => onPostgres(ctx, databaseFile, dir, debating));

  await server.stop();
  if (profileDir) printProfile(profileDir);
  const loadEnd = loadavg();
  const seconds = round((performance.now() - began) / 1000, 1);
  console.log(
    `\nColloquy bench${quick ? " (quick)" : ""}: ${seconds} s; load average (1, 5, 15 min) at start ${loadStart.join(" ")}, at end ${loadEnd.join(" ")}; ${os.cpus().length} CPUs`,
  );
  printTable(rows);

  const results = path.join(root, "bench", "results");
  fs.mkdirSync(results, { recursive: true });
  const file = path.join(results, `${startedAt.toISOString().replace(/[:.]/g, "-")}${quick ? "-quick" : ""}.json`);
  const data = {
    startedAt: startedAt.toISOString(),
    quick,
    seconds,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
    loadavg: { start: loadStart, end: loadEnd },
    data: { ...SIZE, assignments: school.assignments, responses: responseCount, items: index.items.length },
    table: rows,
    scenarios,
    failures,
  };
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
  if (failures.length) console.error(`\n${failures.length} scenario(s) failed:\n${failures.map((f) => `- ${f.split("\n")[0]}`).join("\n")}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => {
    cleanUp();
    process.exit(code);
  },
  (error) => {
    console.error(error);
    if (server) console.error(server.tail());
    cleanUp();
    process.exit(1);
  },
);
