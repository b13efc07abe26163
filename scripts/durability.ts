/*
 * `npm run test:durability`: does an answer the server acknowledged survive the server being killed?
 *
 * A real production server (scripts/server.mjs on the built .next, its own port and temporary database,
 * demo off) takes autosaves and submits from 40 signed-in students at once, and is killed with SIGKILL at
 * random moments, at least 10 times, and restarted each time. Each student sends one request at a time,
 * as the lesson page does, and remembers what the server acknowledged. At the end, with the server
 * stopped, the database must hold every acknowledged write (a draft answer, or a newer one the same
 * student sent after it), every acknowledged submit with the answers it carried, and pass
 * `PRAGMA integrity_check`. Exits non-zero on any loss.
 *
 * The students act as browsers do: they sign in through next-auth's credentials flow (GET /api/auth/csrf,
 * POST /api/auth/callback/credentials) and keep the cookies; autosave is the page's PUT
 * /api/assignments/:id/draft; a submit is the lesson form's own no-JavaScript post (a multipart POST of
 * the form the page renders, hidden server-action fields included, with intent=submit), which is what the
 * Submit button sends when scripts are off. A retried submit is safe: submitting twice changes nothing.
 *
 * Knobs (environment): DURABILITY_KILLS (default 12), DURABILITY_WRITERS (40), DURABILITY_PORT (3290),
 * DURABILITY_SEED (random; printed: it fixes the choices made, though not how requests interleave).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq, inArray } from "drizzle-orm";
import { backupDatabase } from "../db/backup";
import { sqliteDatabase } from "../db/database";
import { openDatabase } from "../db/open";
import { createAssignment } from "../db/queries/assignments";
import { createClass } from "../db/queries/classes";
import { insertUser } from "../db/queries/users";
import { attempts, responses } from "../db/schema";
import { hashPassword } from "../lib/auth/password";
import { loadLessons } from "../lib/content/load";

const root = path.resolve(__dirname, "..");
const KILLS = Number(process.env.DURABILITY_KILLS || 12);
if (!(KILLS >= 1)) throw new Error("DURABILITY_KILLS must be a positive number.");
const WRITERS = Number(process.env.DURABILITY_WRITERS || 40);
const PORT = Number(process.env.DURABILITY_PORT || 3290);
const SEED = Number(process.env.DURABILITY_SEED || Math.floor(Math.random() * 2 ** 31));
const ASSIGNMENTS = 12;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "durability test password";

// A small seeded generator (mulberry32): the run's choices (when to kill, what to save) come from the seed.
let state = SEED;
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-durability-"));
const databaseFile = path.join(dir, "durability.db");
const logFile = path.join(dir, "server.log");

// ---------------------------------------------------------------------------------------------------
// The server

const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(PORT),
  HOST: "127.0.0.1",
  DATABASE_PATH: databaseFile,
  NEXTAUTH_URL: BASE,
  NEXTAUTH_SECRET: "durability-secret-not-for-production-0123456789",
  COLLOQUY_DEMO: "off",
  NEXT_TELEMETRY_DISABLED: "1",
  // Pinned, so that a developer's shell cannot change what is tested.
  TRUST_PROXY: "",
  COLLOQUY_CONTENT_DIR: "",
  COLLOQUY_SYNCHRONOUS: "",
};

let server: ChildProcess | undefined;

async function startServer(): Promise<void> {
  const log = fs.openSync(logFile, "a");
  // Its own process group, so the kill reaches anything it may have started.
  server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, env: serverEnv, detached: true, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  const started = Date.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The server exited with ${server.exitCode} while starting; see ${logFile}`);
    try {
      const response = await fetch(`${BASE}/api/health`);
      // Still running: a server that failed to listen (port taken) must not pass for ours.
      if (response.ok && server.exitCode === null) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 90_000) throw new Error(`The server did not answer /api/health within 90 s; see ${logFile}`);
    await sleep(50);
  }
}

async function killServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGKILL");
  await exited;
  server = undefined;
}

// ---------------------------------------------------------------------------------------------------
// Seeding, straight into the database with the app's own query functions (as e2e/fixtures.ts does)

type Student = { id: number; username: string };

async function seed(): Promise<{ students: Student[]; assignmentIds: number[] }> {
  const migrate = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "migrate.ts")], { cwd: root, env: serverEnv, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`Migrating failed:\n${migrate.stdout}${migrate.stderr}`);
  const sqlite = openDatabase(databaseFile);
  const db = sqliteDatabase(sqlite);
  try {
    const passwordHash = await hashPassword(PASSWORD);
    const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy");
    if (!lesson) throw new Error("Lesson north-korea-legacy is missing from content/lessons.");
    const instructor = await insertUser(db, { username: "durability.teacher", displayName: "Durability Teacher", passwordHash, role: "instructor" });
    const cls = await createClass(db, instructor.id, "Durability class");
    const assignmentIds: number[] = [];
    for (let i = 0; i < ASSIGNMENTS; i++) assignmentIds.push((await createAssignment(db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!.id);
    const students: Student[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const student = await insertUser(db, { username: `durability.student${i}`, displayName: `Student ${i}`, passwordHash, role: "student" });
      await db.run(db.q.insert(db.t.enrollments).values({ classId: cls.id, studentId: student.id }));
      students.push({ id: student.id, username: student.username });
    }
    return { students, assignmentIds };
  } finally {
    sqlite.$client.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// A browser's worth of HTTP: cookies, sign-in, the lesson form

class Cookies {
  private jar = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      if (at > 0) this.jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }
  get header() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  has(fragment: string) {
    return [...this.jar.keys()].some((name) => name.includes(fragment));
  }
}

async function signIn(student: Student): Promise<Cookies> {
  const cookies = new Cookies();
  const csrfResponse = await fetch(`${BASE}/api/auth/csrf`);
  cookies.take(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.header, Origin: BASE },
    body: new URLSearchParams({ csrfToken, username: student.username, password: PASSWORD, callbackUrl: `${BASE}/dashboard` }),
  });
  cookies.take(response);
  if (!cookies.has("session-token")) throw new Error(`Signing in as ${student.username} gave no session (HTTP ${response.status}, to ${response.headers.get("location")}).`);
  return cookies;
}

const decode = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" };
    if (entity[0] !== "#") return named[entity.toLowerCase()]!;
    return String.fromCodePoint(entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([^\s=<>/"']+)(?:="([^"]*)")?/g)) found[match[1]!] = decode(match[2] ?? "");
  return found;
}

type LessonForm = { hidden: [string, string][]; choices: Map<string, string>; texts: string[] };

/**
 * What the lesson page's form holds, read from its HTML as a browser without JavaScript would: the hidden
 * fields (React's server-action fields among them), one choice per radio or checkbox group, and the text
 * fields.
 */
function readLessonForm(html: string): LessonForm {
  const start = html.search(/<form[^>]*class="lesson-form"/);
  if (start < 0) throw new Error("The lesson page has no lesson form.");
  const form = html.slice(start, html.indexOf("</form>", start));
  const hidden: [string, string][] = [];
  const choices = new Map<string, string>();
  const texts: string[] = [];
  for (const [tag] of form.matchAll(/<(?:input|textarea)\b[^>]*>/g)) {
    const a = attributes(tag);
    if (!a.name) continue;
    if (tag.startsWith("<textarea") || a.type === "text") texts.push(a.name);
    else if (a.type === "hidden") hidden.push([a.name, a.value ?? ""]);
    else if ((a.type === "radio" || a.type === "checkbox") && !choices.has(a.name)) choices.set(a.name, a.value ?? "on");
  }
  if (!hidden.some(([name]) => name.startsWith("$ACTION"))) throw new Error("The lesson form carries no server-action fields.");
  return { hidden, choices, texts };
}

// ---------------------------------------------------------------------------------------------------
// The students

const SHORT_ITEMS = ["bolton-q2", "train-q2", "fire-and-fury-q3", "lessons-q1"];

/** What one student sent for one assignment, and what the server acknowledged. */
type Track = {
  /** Per short-answer item: every text sent (by sequence number) and the newest acknowledged one. */
  drafts: Map<string, { sent: Map<number, string>; acked: number | null }>;
  /** The texts of the submit, once one has been sent; `acked` once a submit was acknowledged. */
  submit: { texts: Map<string, string>; acked: boolean } | null;
};

type Reply = { status: number; location: string; body: string };

const stats = { draftsAcked: 0, submitsAcked: 0, failedRequests: 0, refused: 0 };
const refusals: string[] = [];
let stopping = false;

async function runStudent(index: number, student: Student, cookies: Cookies, assignmentIds: number[], tracks: Map<number, Track>) {
  let seq = 0;
  const headers = { Cookie: cookies.header, Origin: BASE };
  // One request with its whole body read: a reply cut off by a kill is no reply (nothing acknowledged).
  const once = async (url: string, init: RequestInit): Promise<Reply | null> => {
    try {
      const response = await fetch(url, { ...init, redirect: "manual" });
      return { status: response.status, location: response.headers.get("location") ?? "", body: await response.text() };
    } catch {
      stats.failedRequests++;
      return null;
    }
  };
  // Retries until the server answers: a killed server refuses connections until it is back.
  const request = async (url: string, init: RequestInit): Promise<Reply> => {
    for (;;) {
      const reply = await once(url, init);
      if (reply && reply.status < 500) return reply;
      if (reply) stats.failedRequests++;
      await sleep(between(50, 150));
    }
  };

  for (const assignmentId of assignmentIds) {
    const track: Track = { drafts: new Map(SHORT_ITEMS.map((id) => [id, { sent: new Map(), acked: null }])), submit: null };
    tracks.set(assignmentId, track);
    const savesBeforeSubmit = between(6, 30);
    for (let save = 0; save < savesBeforeSubmit && !stopping; save++) {
      const answers: Record<string, { text: string }> = {};
      const batch = new Map<string, number>();
      for (const itemId of SHORT_ITEMS) {
        if (random() >= 0.4 && batch.size > 0) continue;
        const n = ++seq;
        const text = `student ${index} assignment ${assignmentId} item ${itemId} save #${n}`;
        track.drafts.get(itemId)!.sent.set(n, text);
        answers[itemId] = { text };
        batch.set(itemId, n);
      }
      // Sent once: a save that got no answer is superseded by the next one, as the page's autosave does.
      const reply = await once(`${BASE}/api/assignments/${assignmentId}/draft`, {
        method: "PUT",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ answers }),
      });
      if (reply?.status === 200 && typeof (JSON.parse(reply.body) as { savedAt?: unknown }).savedAt === "number") {
        for (const [itemId, n] of batch) track.drafts.get(itemId)!.acked = n;
        stats.draftsAcked++;
        await sleep(between(20, 120));
        continue;
      }
      if (reply && reply.status < 500) {
        stats.refused++;
        refusals.push(`draft ${reply.status}: ${reply.body.slice(0, 200)}`);
      } else if (reply) stats.failedRequests++;
      await sleep(between(50, 150));
    }
    if (stopping) return;

    // Submit through the page's own form, every question answered (so no "not answered" step).
    const page = await request(`${BASE}/assignments/${assignmentId}`, { headers });
    const html = page.body;
    if (page.status !== 200) throw new Error(`GET /assignments/${assignmentId} as ${student.username}: HTTP ${page.status}`);
    const form = readLessonForm(html);
    const texts = new Map(form.texts.map((name) => [name, `student ${index} assignment ${assignmentId} ${name} submitted`]));
    // By item: a short answer's field is q:<id>, a debate prompt's argument d:<id>:argument.
    track.submit = { texts: new Map([...texts].map(([name, text]) => [name.replace(/^q:|^d:|:argument$/g, ""), text])), acked: false };
    const body = () => {
      const data = new FormData();
      for (const [name, value] of form.hidden) data.append(name, value);
      for (const [name, value] of form.choices) data.append(name, value);
      for (const [name, value] of texts) data.append(name, value);
      data.append("intent", "submit");
      return data;
    };
    for (;;) {
      const reply = await request(`${BASE}/assignments/${assignmentId}`, { method: "POST", headers, body: body() });
      if (reply.status === 303 && reply.location.includes("submitted=1")) break;
      stats.refused++;
      const notice = /<p class="notice[^"]*"[^>]*>([^<]*)/.exec(reply.body)?.[1] ?? "";
      refusals.push(`submit ${reply.status} to ${reply.location || "(no redirect)"} ${notice}`);
      if (refusals.length > 50) throw new Error(`Submits are being refused:\n${refusals.slice(-5).join("\n")}`);
      await sleep(between(50, 150));
    }
    track.submit.acked = true;
    stats.submitsAcked++;
  }
}

// ---------------------------------------------------------------------------------------------------
// Checking the database

function verify(file: string, students: Student[], tracks: Map<number, Map<number, Track>>) {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
  sqlite.close();

  const db = openDatabase(file);
  const problems: string[] = [];
  const verified = { submits: 0, drafts: 0 };
  try {
    const rows = db
      .select({ assignmentId: attempts.assignmentId, studentId: attempts.studentId, status: attempts.status, itemId: responses.itemId, answer: responses.answer })
      .from(attempts)
      .leftJoin(responses, eq(responses.attemptId, attempts.id))
      .where(inArray(attempts.studentId, students.map((s) => s.id)))
      .all();
    const stored = new Map<string, { status: string; answers: Map<string, string> }>();
    for (const row of rows) {
      const key = `${row.studentId}/${row.assignmentId}`;
      const entry = stored.get(key) ?? { status: row.status, answers: new Map() };
      stored.set(key, entry);
      const answer = row.answer as { text?: string; argument?: string } | null;
      if (row.itemId) entry.answers.set(row.itemId, answer?.text ?? answer?.argument ?? JSON.stringify(answer));
    }

    for (const student of students) {
      for (const [assignmentId, track] of tracks.get(student.id)!) {
        const attempt = stored.get(`${student.id}/${assignmentId}`);
        const where = `${student.username}, assignment ${assignmentId}`;
        const submitted = attempt?.status === "submitted";
        if (track.submit?.acked && !submitted) problems.push(`${where}: an acknowledged submit is not submitted (${attempt ? attempt.status : "no attempt at all"})`);
        if (submitted && !track.submit) problems.push(`${where}: submitted, but no submit was ever sent`);
        if (submitted && track.submit) {
          // Whether acknowledged or cut off by a kill, a submit that was committed carries its answers.
          for (const [itemId, text] of track.submit.texts) {
            if (attempt.answers.get(itemId) !== text) problems.push(`${where}: submitted ${itemId} is ${JSON.stringify(attempt.answers.get(itemId))}, sent ${JSON.stringify(text)}`);
          }
          if (track.submit.acked) verified.submits++;
          continue;
        }
        for (const [itemId, draft] of track.drafts) {
          const value = attempt?.answers.get(itemId);
          if (draft.acked === null) {
            if (value !== undefined && ![...draft.sent.values()].includes(value)) problems.push(`${where}: ${itemId} holds ${JSON.stringify(value)}, which was never sent`);
            continue;
          }
          // The acknowledged save, or a later one this student sent after it (acknowledged or not).
          const n = [...draft.sent].find(([, text]) => text === value)?.[0];
          if (n === undefined || n < draft.acked) problems.push(`${where}: ${itemId} acknowledged save #${draft.acked} lost; the database holds ${JSON.stringify(value ?? null)}`);
          else verified.drafts++;
        }
      }
    }
  } finally {
    db.$client.close();
  }
  return { integrity, problems, verified };
}

/**
 * The check of the check: on a copy of the database with one acknowledged draft answer deleted and one
 * acknowledged submit undone, verify() must report both.
 */
async function checkTheChecker(students: Student[], tracks: Map<number, Map<number, Track>>): Promise<{ damaged: number; found: number }> {
  const copy = path.join(dir, "damaged.db");
  await backupDatabase(databaseFile, copy);
  const db = new Database(copy);
  let damaged = 0;
  try {
    const findAttempt = db.prepare("SELECT id FROM attempts WHERE student_id = ? AND assignment_id = ?");
    const all = students.flatMap((student) => [...tracks.get(student.id)!].map(([assignmentId, track]) => ({ student, assignmentId, track })));
    const draft = all.find(({ track }) => !track.submit?.acked && [...track.drafts.values()].some((d) => d.acked !== null));
    if (draft) {
      const [itemId] = [...draft.track.drafts].find(([, d]) => d.acked !== null)!;
      const attempt = findAttempt.get(draft.student.id, draft.assignmentId) as { id: number };
      damaged += db.prepare("DELETE FROM responses WHERE attempt_id = ? AND item_id = ?").run(attempt.id, itemId).changes;
    }
    const submit = all.find(({ track }) => track.submit?.acked);
    if (submit) {
      const attempt = findAttempt.get(submit.student.id, submit.assignmentId) as { id: number };
      damaged += db.prepare("UPDATE attempts SET status = 'in_progress' WHERE id = ?").run(attempt.id).changes;
    }
  } finally {
    db.close();
  }
  const found = verify(copy, students, tracks).problems.length;
  fs.rmSync(copy, { force: true });
  return { damaged, found };
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const began = Date.now();
  const taken = await fetch(`${BASE}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`Port ${PORT} is already in use; stop what runs there or set DURABILITY_PORT.`);
  // The server runs in a process group of its own: stopping this script must stop it too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
      process.exit(130);
    });
  }
  const { ensureBuild } = (await import("./lib/setup.mjs")) as { ensureBuild: (env?: NodeJS.ProcessEnv) => void };
  ensureBuild({ ...process.env, NEXTAUTH_SECRET: "build-time-placeholder" });
  console.log(`Durability: ${WRITERS} students, ${KILLS} kills, seed ${SEED}, server on ${BASE}, data in ${dir}`);

  const { students, assignmentIds } = await seed();
  await startServer();
  const sessions: Cookies[] = [];
  for (let i = 0; i < students.length; i += 8) sessions.push(...(await Promise.all(students.slice(i, i + 8).map(signIn))));

  console.log(`Seeded, server started and ${sessions.length} students signed in after ${((Date.now() - began) / 1000).toFixed(1)} s.`);
  const tracks = new Map(students.map((s) => [s.id, new Map<number, Track>()]));
  const writers = students.map((student, i) => runStudent(i, student, sessions[i]!, assignmentIds, tracks.get(student.id)!));
  const failed = Promise.all(writers).then(() => {
    if (!stopping) throw new Error(`The students ran out of assignments before ${KILLS} kills; raise ASSIGNMENTS.`);
  });
  failed.catch(() => undefined);

  let kills = 0;
  const ackedAtKill: number[] = [];
  const restartMs: number[] = [];
  const acked = () => stats.draftsAcked + stats.submitsAcked;
  // A random moment, measured in work rather than time (so a slow machine changes nothing): once a
  // random number of writes has been acknowledged since the restart, and a few milliseconds more, so that
  // the kill lands in the middle of requests.
  const loadUntil = async (writes: number) => {
    const from = acked();
    while (acked() - from < writes) await Promise.race([sleep(10), failed]);
    await Promise.race([sleep(between(0, 60)), failed]);
    return acked() - from;
  };
  for (; kills < KILLS; ) {
    ackedAtKill.push(await loadUntil(between(20, 160)));
    await killServer();
    kills++;
    const down = Date.now();
    await startServer();
    restartMs.push(Date.now() - down);
  }
  // A last stretch of load on the last server; then everyone finishes what they are doing, and it stops.
  await loadUntil(between(20, 100));
  stopping = true;
  await Promise.all(writers);
  await killServer();

  const { integrity, problems, verified } = verify(databaseFile, students, tracks);
  const selfCheck = await checkTheChecker(students, tracks);
  const checkerWorks = selfCheck.damaged > 0 && selfCheck.found >= selfCheck.damaged;
  const acknowledged = stats.draftsAcked + stats.submitsAcked;
  const seconds = ((Date.now() - began) / 1000).toFixed(0);
  console.log(
    `kills=${kills} acknowledged=${acknowledged} (saves ${stats.draftsAcked}, submits ${stats.submitsAcked}) ` +
      `verified=${verified.submits + verified.drafts} (submits ${verified.submits}, answers at their newest acknowledged save or later ${verified.drafts}) lost=${problems.length} integrity_check=${integrity.join(",")} ` +
      `failed or cut-off requests (retried)=${stats.failedRequests} refused=${stats.refused} in ${seconds}s`,
  );
  console.log(`the check itself: on a copy with ${selfCheck.damaged} acknowledged writes undone, it reported ${selfCheck.found} lost`);
  console.log(`acknowledged writes between restart and kill: ${ackedAtKill.join(" ")}; restarts took (ms): ${restartMs.join(" ")}`);
  for (const problem of problems.slice(0, 20)) console.error(`LOST: ${problem}`);
  for (const refusal of refusals.slice(0, 5)) console.error(`refused: ${refusal}`);
  const ok = problems.length === 0 && integrity.length === 1 && integrity[0] === "ok" && stats.refused === 0 && checkerWorks;
  if (!checkerWorks) console.error("The check itself is broken: it did not notice a deleted answer and an undone submit in a damaged copy.");
  if (!ok) {
    console.error(`Durability test FAILED (seed ${SEED}); the data and the server log are kept in ${dir}`);
    process.exit(1);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log("Durability test passed: every acknowledged write survived.");
}

main().catch(async (error) => {
  await killServer().catch(() => undefined);
  console.error(error);
  console.error(`Durability test FAILED (seed ${SEED}); the data and the server log are kept in ${dir}`);
  if (fs.existsSync(logFile)) console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n"));
  process.exit(1);
});
