import { and, count, eq, exists, inArray, not, sql, type Column } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "../database";
import type { Role, User } from "../schema";
import { teaches } from "./teaching";
import { liftSignInLock } from "./login-throttle";
import { storedReadingPrefs, type ReadingPrefs } from "@/lib/reading-prefs";

export type PublicUser = Omit<User, "passwordHash" | "readingPrefs">;

function publicColumns({ users }: Database["t"]) {
  return {
    id: users.id,
    username: users.username,
    displayName: users.displayName,
    role: users.role,
    sessionVersion: users.sessionVersion,
    mustChangePassword: users.mustChangePassword,
    createdAt: users.createdAt,
  };
}

/** Runs on every signed-in request (the session check), so it is a prepared statement. */
const byId = (db: Database) => db.q.select(publicColumns(db.t)).from(db.t.users).where(eq(db.t.users.id, sql.placeholder("id")));

export function findUserById(db: Database, id: number): Promise<PublicUser | undefined> {
  return db.prepared("users.byId", byId).get({ id });
}

const userByUsernameQuery = ({ q, t: { users } }: Database) => q.select().from(users).where(eq(users.username, sql.placeholder("username")));

export function findUserForSignIn(db: Database, username: string): Promise<User | undefined> {
  return db.prepared("users.byUsername", userByUsernameQuery).get({ username: username.trim().toLowerCase() });
}

export type NewAccount = { username: string; displayName: string; passwordHash: string; role: Role; mustChangePassword?: boolean };

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`The username "${username}" is taken.`);
  }
}

/** Inserts a user; throws UsernameTakenError rather than a constraint error a person cannot act on. */
export async function insertUser(db: Database, account: NewAccount): Promise<PublicUser> {
  const { users } = db.t;
  const username = account.username.trim().toLowerCase();
  // The unique index decides, so two sign-ups racing for one name (even from two processes) get one account.
  const user = await db.get(db.q.insert(users).values({ ...account, username }).onConflictDoNothing({ target: users.username }).returning(publicColumns(db.t)));
  if (!user) throw new UsernameTakenError(username);
  return user;
}

export async function countInstructors(db: Database): Promise<number> {
  const { users } = db.t;
  return (await db.get(db.q.select({ n: count() }).from(users).where(eq(users.role, "instructor"))))?.n ?? 0;
}

const SETUP_DONE = "setup_completed_at";

/** First-run setup is open only until it has created the first instructor, and then never again. */
export async function isSetupOpen(db: Database): Promise<boolean> {
  const { appMeta } = db.t;
  const done = await db.get(db.q.select().from(appMeta).where(eq(appMeta.key, SETUP_DONE)));
  return !done && (await countInstructors(db)) === 0;
}

export class SetupClosedError extends Error {
  constructor() {
    super("Colloquy is already set up. Sign in instead.");
  }
}

/**
 * Creates the first instructor and closes setup in one transaction, so two racing requests make one. On
 * PostgreSQL the app_meta key is the lock: the second request's insert waits for the first to commit, then
 * conflicts and rolls its transaction (and its instructor) back.
 */
export function completeSetup(db: Database, account: Omit<NewAccount, "role">): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    if (!(await isSetupOpen(tx))) throw new SetupClosedError();
    const user = await insertUser(tx, { ...account, role: "instructor" });
    const closed = await tx.run(tx.q.insert(tx.t.appMeta).values({ key: SETUP_DONE, value: String(Date.now()) }).onConflictDoNothing());
    if (closed === 0) throw new SetupClosedError();
    return user;
  });
}

export async function markSetupComplete(db: Database): Promise<void> {
  await db.run(db.q.insert(db.t.appMeta).values({ key: SETUP_DONE, value: String(Date.now()) }).onConflictDoNothing());
}

export async function bumpSessionVersion(db: Database, userId: number): Promise<void> {
  const { users } = db.t;
  await db.run(
    db.q
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId)),
  );
}

/** Display names of the given users (e.g. the graders named in an export). */
export async function displayNames(db: Database, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { users } = db.t;
  const rows = await db.all(db.q.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)));
  return new Map(rows.map((u) => [u.id, u.name]));
}

/**
 * The student holds an active place in a class of another instructor. A new password opens everything the
 * student can see to whoever holds it, so such a student's password is not one instructor's to reset.
 */
function inAnotherInstructorsClass(db: Database, instructorId: number, studentId: Column) {
  const otherPlace = alias(db.t.enrollments, "other_place");
  const otherClass = alias(db.t.classes, "other_class");
  return exists(
    db.q
      .select({ one: sql`1` })
      .from(otherPlace)
      .innerJoin(otherClass, eq(otherClass.id, otherPlace.classId))
      .where(and(eq(otherPlace.studentId, studentId), eq(otherPlace.status, "active"), not(teaches(instructorId, otherClass)))),
  );
}

function activeInOwnClass(db: Database, instructorId: number, classId: number, studentId: Column) {
  const { classes, enrollments } = db.t;
  return exists(
    db.q
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
export function resetStudentPassword(db: Database, instructorId: number, classId: number, studentId: number, temporaryHash: string): Promise<ResetResult> {
  return db.transaction(async (tx) => {
    const { users } = tx.t;
    // The whole rule is in the one UPDATE (a conditional update: on PostgreSQL it re-checks the row it
    // locks), so an enrolment committed by another process in between cannot slip past it.
    const changed = await tx.get(
      tx.q
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
        .returning({ id: users.id }),
    );
    if (changed) return { status: "reset" };
    // Only to choose the message: the refusal above already happened.
    const member = await tx.get(
      tx.q
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, studentId), eq(users.role, "student"), activeInOwnClass(tx, instructorId, classId, users.id))),
    );
    return { status: member ? "shared" : "not-found" };
  });
}

/** The active students of the instructor's class whose password the instructor may not reset (see above). */
export async function listStudentsSharedWithOtherInstructors(db: Database, instructorId: number, classId: number): Promise<Set<number>> {
  const { classes, enrollments } = db.t;
  const rows = await db.all(
    db.q
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
      ),
  );
  return new Set(rows.map((r) => r.id));
}

/** The user's own new password: other sessions end; the caller starts a fresh one for this browser. */
export async function changeOwnPassword(db: Database, userId: number, passwordHash: string): Promise<PublicUser> {
  const { users } = db.t;
  return (await db.get(
    db.q
      .update(users)
      .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .returning(publicColumns(db.t)),
  ))!;
}

/** Sign-out: the session version moves on, so this session (and the user's others) no longer pass the session check. */
export async function endSessions(db: Database, userId: number, sessionVersion: number): Promise<void> {
  const { users } = db.t;
  await db.run(
    db.q
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion))),
  );
}

/**
 * An instructor lifts the sign-in lock of a student in one of their classes (see db/queries/login-throttle.ts),
 * under the same rule as a reset: not for a student who is also in another instructor's class, or unlocking
 * again and again would let one instructor keep guessing at a password that opens a colleague's class.
 */
export function unlockStudentSignIn(db: Database, instructorId: number, classId: number, studentId: number): Promise<ResetResult> {
  return db.transaction(async (tx) => {
    const { users } = tx.t;
    const student = await tx.get(tx.q.select({ username: users.username }).from(users).where(and(eq(users.id, studentId), activeInOwnClass(tx, instructorId, classId, users.id))));
    if (!student) return { status: "not-found" };
    if (await tx.get(tx.q.select({ id: users.id }).from(users).where(and(eq(users.id, studentId), inAnotherInstructorsClass(tx, instructorId, users.id))))) return { status: "shared" };
    await liftSignInLock(tx, student.username);
    return { status: "reset" };
  });
}

/** A student's own reading supports (the defaults when none are saved). Only ever for the signed-in user's own id. */
export async function getReadingPrefs(db: Database, userId: number): Promise<ReadingPrefs> {
  const { users } = db.t;
  const row = await db.get(db.q.select({ prefs: users.readingPrefs }).from(users).where(and(eq(users.id, userId), eq(users.role, "student"))));
  return storedReadingPrefs(row?.prefs ?? null);
}

/** Saves a student's own reading supports (already parsed); false when the id is no student's. */
export async function setReadingPrefs(db: Database, userId: number, prefs: ReadingPrefs): Promise<boolean> {
  const { users } = db.t;
  return (await db.run(db.q.update(users).set({ readingPrefs: prefs }).where(and(eq(users.id, userId), eq(users.role, "student"))))) > 0;
}
