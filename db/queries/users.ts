import { and, count, eq, exists, inArray, not, sql, type Column } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, Queryable } from "../open";
import { appMeta, classes, enrollments, users, type Role, type User } from "../schema";
import { teaches } from "./teaching";
import { liftSignInLock } from "./login-throttle";
import { storedReadingPrefs, type ReadingPrefs } from "@/lib/reading-prefs";

export type PublicUser = Omit<User, "passwordHash" | "readingPrefs">;

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  sessionVersion: users.sessionVersion,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
};

/** Runs on every signed-in request (the session check), so it is prepared once per connection. */
const byIdStatements = new WeakMap<Db, ReturnType<typeof prepareById>>();
function prepareById(db: Db) {
  return db.select(publicColumns).from(users).where(eq(users.id, sql.placeholder("id"))).prepare();
}

export function findUserById(db: Db, id: number): PublicUser | undefined {
  let statement = byIdStatements.get(db);
  if (!statement) byIdStatements.set(db, (statement = prepareById(db)));
  return statement.get({ id });
}

export function findUserForSignIn(db: Queryable, username: string): User | undefined {
  return db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).get();
}

export type NewAccount = { username: string; displayName: string; passwordHash: string; role: Role; mustChangePassword?: boolean };

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`The username "${username}" is taken.`);
  }
}

/** Inserts a user; throws UsernameTakenError rather than a constraint error a person cannot act on. */
export function insertUser(db: Queryable, account: NewAccount): PublicUser {
  const username = account.username.trim().toLowerCase();
  // The unique index decides, so two sign-ups racing for one name (even from two processes) get one account.
  const user = db.insert(users).values({ ...account, username }).onConflictDoNothing({ target: users.username }).returning(publicColumns).get();
  if (!user) throw new UsernameTakenError(username);
  return user;
}

export function countInstructors(db: Queryable): number {
  return db.select({ n: count() }).from(users).where(eq(users.role, "instructor")).get()?.n ?? 0;
}

const SETUP_DONE = "setup_completed_at";

/** First-run setup is open only until it has created the first instructor, and then never again. */
export function isSetupOpen(db: Queryable): boolean {
  const done = db.select().from(appMeta).where(eq(appMeta.key, SETUP_DONE)).get();
  return !done && countInstructors(db) === 0;
}

export class SetupClosedError extends Error {
  constructor() {
    super("Colloquy is already set up. Sign in instead.");
  }
}

/** Creates the first instructor and closes setup in one transaction, so two racing requests make one. */
export function completeSetup(db: Queryable, account: Omit<NewAccount, "role">): PublicUser {
  return db.transaction((tx) => {
    if (!isSetupOpen(tx)) throw new SetupClosedError();
    const user = insertUser(tx, { ...account, role: "instructor" });
    tx.insert(appMeta).values({ key: SETUP_DONE, value: String(Date.now()) }).run();
    return user;
  }, { behavior: "immediate" });
}

export function markSetupComplete(db: Queryable): void {
  db.insert(appMeta).values({ key: SETUP_DONE, value: String(Date.now()) }).onConflictDoNothing().run();
}

export function bumpSessionVersion(db: Queryable, userId: number): void {
  db.update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}

/** Display names of the given users (e.g. the graders named in an export). */
export function displayNames(db: Queryable, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)).all().map((u) => [u.id, u.name]));
}

const otherPlace = alias(enrollments, "other_place");
const otherClass = alias(classes, "other_class");

/**
 * The student holds an active place in a class of another instructor. A new password opens everything the
 * student can see to whoever holds it, so such a student's password is not one instructor's to reset.
 */
function inAnotherInstructorsClass(db: Queryable, instructorId: number, studentId: Column) {
  return exists(
    db
      .select({ one: sql`1` })
      .from(otherPlace)
      .innerJoin(otherClass, eq(otherClass.id, otherPlace.classId))
      .where(and(eq(otherPlace.studentId, studentId), eq(otherPlace.status, "active"), not(teaches(instructorId, otherClass)))),
  );
}

function activeInOwnClass(db: Queryable, instructorId: number, classId: number, studentId: Column) {
  return exists(
    db
      .select({ one: sql`1` })
      .from(enrollments)
      .innerJoin(classes, eq(classes.id, enrollments.classId))
      .where(and(eq(enrollments.classId, classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active"), teaches(instructorId))),
  );
}

export type ResetResult = { status: "reset" } | { status: "not-found" } | { status: "shared" };

/**
 * An instructor's reset of a student's password: only for an active student of one of the instructor's
 * classes who is in no other instructor's class ("shared" otherwise, and nothing changes). Every session of
 * the student ends, and the temporary password must be replaced at the next sign-in.
 */
export function resetStudentPassword(db: Queryable, instructorId: number, classId: number, studentId: number, temporaryHash: string): ResetResult {
  return db.transaction((tx) => {
    // The whole rule is in the one UPDATE, so an enrolment committed by another process in between cannot slip past it.
    const changed = tx
      .update(users)
      .set({ passwordHash: temporaryHash, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(
        and(
          eq(users.id, studentId),
          eq(users.role, "student"),
          activeInOwnClass(tx, instructorId, classId, users.id),
          not(inAnotherInstructorsClass(tx, instructorId, users.id)),
        ),
      )
      .returning({ id: users.id })
      .get();
    if (changed) return { status: "reset" };
    // Only to choose the message: the refusal above already happened.
    const member = tx.select({ id: users.id }).from(users).where(and(eq(users.id, studentId), eq(users.role, "student"), activeInOwnClass(tx, instructorId, classId, users.id))).get();
    return { status: member ? "shared" : "not-found" };
  });
}

/** The active students of the instructor's class whose password the instructor may not reset (see above). */
export function listStudentsSharedWithOtherInstructors(db: Queryable, instructorId: number, classId: number): Set<number> {
  const rows = db
    .select({ id: enrollments.studentId })
    .from(enrollments)
    .innerJoin(classes, eq(classes.id, enrollments.classId))
    .where(
      and(
        eq(enrollments.classId, classId),
        eq(enrollments.status, "active"),
        teaches(instructorId),
        inAnotherInstructorsClass(db, instructorId, enrollments.studentId),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.id));
}

/** The user's own new password: other sessions end; the caller starts a fresh one for this browser. */
export function changeOwnPassword(db: Queryable, userId: number, passwordHash: string): PublicUser {
  return db
    .update(users)
    .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning(publicColumns)
    .get()!;
}

/** Sign-out: the session version moves on, so this session (and the user's others) no longer pass the session check. */
export function endSessions(db: Queryable, userId: number, sessionVersion: number): void {
  db.update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)))
    .run();
}

/**
 * An instructor lifts the sign-in lock of a student in one of their classes (see db/queries/login-throttle.ts),
 * under the same rule as a reset: not for a student who is also in another instructor's class, or unlocking
 * again and again would let one instructor keep guessing at a password that opens a colleague's class.
 */
export function unlockStudentSignIn(db: Queryable, instructorId: number, classId: number, studentId: number): ResetResult {
  return db.transaction((tx) => {
    const student = tx.select({ username: users.username }).from(users).where(and(eq(users.id, studentId), activeInOwnClass(tx, instructorId, classId, users.id))).get();
    if (!student) return { status: "not-found" };
    if (tx.select({ id: users.id }).from(users).where(and(eq(users.id, studentId), inAnotherInstructorsClass(tx, instructorId, users.id))).get()) return { status: "shared" };
    liftSignInLock(tx, student.username);
    return { status: "reset" };
  });
}

/** A student's own reading supports (the defaults when none are saved). Only ever for the signed-in user's own id. */
export function getReadingPrefs(db: Queryable, userId: number): ReadingPrefs {
  const row = db.select({ prefs: users.readingPrefs }).from(users).where(and(eq(users.id, userId), eq(users.role, "student"))).get();
  return storedReadingPrefs(row?.prefs ?? null);
}

/** Saves a student's own reading supports (already parsed); false when the id is no student's. */
export function setReadingPrefs(db: Queryable, userId: number, prefs: ReadingPrefs): boolean {
  const result = db.update(users).set({ readingPrefs: prefs }).where(and(eq(users.id, userId), eq(users.role, "student"))).run();
  return result.changes > 0;
}
