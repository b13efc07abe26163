import fs from "node:fs";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import { connectPostgres, sqliteDatabase, type Database } from "@/db/database";
import { openDatabase, type Db } from "@/db/open";
import { createAssignment } from "@/db/queries/assignments";
import { createClass } from "@/db/queries/classes";
import { advanceDebate, formDebateGroups, joinDebate, startDebate } from "@/db/queries/debates";
import { insertUser, type PublicUser } from "@/db/queries/users";
import { like, or } from "drizzle-orm";
import type { Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { loadLessons } from "@/lib/content/load";
import { testFailingOnCspViolations } from "./csp-watch";

/*
 * Specs seed the users and classes they need straight into the server's database (the same SQLite file
 * the server uses, or the same PostgreSQL database when the run is on PostgreSQL: no mock of anything),
 * then act through the real pages.
 */

/**
 * The run's PostgreSQL database, if it is on one: DATABASE_URL, or the URL e2e/server.mjs left in
 * E2E_DATA_DIR/database-url when it started a database of its own (E2E_DATABASE=postgres).
 */
function postgresUrl(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = process.env.E2E_DATA_DIR && path.join(process.env.E2E_DATA_DIR, "database-url");
  return file && fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

let sqliteFile: Db | undefined;
let connection: Database | undefined;
export function testDb(): Database {
  if (!connection) {
    const url = postgresUrl();
    if (url) connection = connectPostgres(url, 2).db;
    else connection = sqliteDatabase((sqliteFile = openDatabase(process.env.E2E_DATABASE_PATH)));
  }
  return connection;
}

/** The better-sqlite3 connection under testDb(), when the run is on SQLite (undefined on PostgreSQL). */
export function testSqliteFile(): Db | undefined {
  testDb();
  return sqliteFile;
}

export const PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;
let counter = 0;

export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`.toLowerCase();
}

export async function seedUser(role: Role, displayName = role === "instructor" ? "Test Instructor" : "Test Student"): Promise<PublicUser> {
  passwordHash ??= hashPassword(PASSWORD);
  return insertUser(testDb(), { username: uniqueName(role === "instructor" ? "teach" : "stu"), displayName, passwordHash: await passwordHash, role });
}

export async function seedClass(instructor: PublicUser, name = "Seeded class") {
  return createClass(testDb(), instructor.id, `${name} ${uniqueName("")}`);
}

export async function enroll(studentId: number, classId: number) {
  const db = testDb();
  await db.run(db.q.insert(db.t.enrollments).values({ classId, studentId }));
}

export async function seedAssignment(instructor: PublicUser, classId: number) {
  const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy")!;
  return (await createAssignment(testDb(), instructor.id, { classId, lesson, dueAt: null }))!;
}

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A fresh browser context signed in as `user`, landed on their home page. */
export async function pageAs(browser: Browser, user: PublicUser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, user.username);
  await expect(page).toHaveURL(user.role === "instructor" ? /\/teach$/ : /\/dashboard$/);
  return page;
}

/** The page's own alert (not Next's hidden route announcer, which also has role=alert). */
export function alertIn(page: Page) {
  return page.locator("main [role=alert]");
}

// Every spec also fails on a Content-Security-Policy violation in any of its browser contexts.
export const test = testFailingOnCspViolations;
export { expect };

/** Lets a form submit what the browser's own checks (required, maxlength…) would stop, to test the server's. */
export async function skipBrowserValidation(page: Page) {
  await page.locator("main form").evaluateAll((forms) =>
    forms.forEach((form) => {
      (form as HTMLFormElement).noValidate = true;
      form.querySelectorAll("input").forEach((input) => {
        input.removeAttribute("maxlength");
        input.removeAttribute("minlength");
      });
    }),
  );
}

/**
 * Every spec comes from the same loopback address, where a real school has many: a spec that sends many
 * failures from it (wrong join codes, sprayed passwords) gives the per-address counters back afterwards.
 */
export async function forgetAddressCounters() {
  const db = testDb();
  const { loginThrottle } = db.t;
  await db.run(db.q.delete(loginThrottle).where(or(like(loginThrottle.key, "address:%"), like(loginThrottle.key, "join:%"), like(loginThrottle.key, "signup:%"))));
}

export function lessonOne() {
  return loadLessons().lessons.find((l) => l.id === "north-korea-legacy")!;
}

/** A class with lesson one assigned and a student in it, ready to answer. */
export async function seedLessonForStudent(name = "Answering Student") {
  const instructor = await seedUser("instructor", "Lesson Instructor");
  const cls = await seedClass(instructor, "Answering class");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student", name);
  await enroll(student.id, cls.id);
  return { instructor, cls, assignment, student };
}

/**
 * A live debate on lesson one's first prompt in its opening round, with `students` joined and in two
 * groups, set up straight in the database. Its session id.
 */
export async function debateInOpening(instructor: PublicUser, assignmentId: number, students: PublicUser[], timerMinutes: number | null = null): Promise<number> {
  const db = testDb();
  const started = await startDebate(db, instructor.id, assignmentId, lessonOne().debates[0]!.id);
  if (started.status !== "started") throw new Error(started.status);
  const id = started.session.id;
  for (const s of students) await joinDebate(db, s.id, id);
  await formDebateGroups(db, instructor.id, id, { groups: 2, mode: "random", opposite: false });
  await advanceDebate(db, instructor.id, id, timerMinutes);
  return id;
}
