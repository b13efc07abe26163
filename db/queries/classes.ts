import { and, asc, count, countDistinct, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { generateJoinCode } from "@/lib/join-code";
import type { Database } from "../database";
import type { Class } from "../schema";
import { endRunningSessions, type DebateEventOut } from "./debates";
import { teaches, teachesOpen } from "./teaching";

/*
 * Access is data: every function that reads or changes a class takes the acting user and puts teaching
 * (owner or co-teacher, db/queries/teaching) or membership (student) into its WHERE clause, so a forgotten
 * check returns nothing. An archived class is read-only: changes go through `teachesOpen`.
 *
 * Changes to who is in a class (joining, withdrawing, importing a roster, adding a co-teacher) lock the class
 * row first (FOR UPDATE on PostgreSQL; SQLite's one writer needs none), so archiving the class, switching
 * joining off or drawing a new code waits for them, or they for it, and never slips between check and write.
 */

export async function createClass(db: Database, instructorId: number, name: string): Promise<Class> {
  const { classes } = db.t;
  // Codes are random; on the rare collision with an existing code (the unique index decides), draw again.
  for (let i = 0; i < 10; i++) {
    const joinCode = generateJoinCode();
    const row = await db.get(db.q.insert(classes).values({ name, instructorId, joinCode }).onConflictDoNothing().returning());
    if (row) return row;
  }
  throw new Error("Could not draw an unused join code after 10 tries");
}

export type ClassSummary = Class & { studentCount: number; ownerName: string; coTeaching: boolean };

/** The classes the instructor teaches (owns or co-teaches), newest first; archived ones last, oldest archive last. */
export async function listClassesForInstructor(db: Database, instructorId: number): Promise<ClassSummary[]> {
  const { classes, enrollments, users } = db.t;
  const rows = await db.all(
    db.q
      .select({ cls: classes, studentCount: count(enrollments.studentId), ownerName: users.displayName })
      .from(classes)
      .innerJoin(users, eq(users.id, classes.instructorId))
      .leftJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.status, "active")))
      .where(teaches(instructorId))
      // users.id too: PostgreSQL groups only by what the select reads or what a grouped key decides.
      .groupBy(classes.id, users.id)
      .orderBy(sql`${classes.archivedAt} is not null`, desc(classes.archivedAt), desc(classes.createdAt), desc(classes.id)),
  );
  return rows.map(({ cls, studentCount, ownerName }) => ({ ...cls, studentCount, ownerName, coTeaching: cls.instructorId !== instructorId }));
}

/** The class, if the instructor teaches it (owns or co-teaches; archived or not). */
export async function getClassForInstructor(db: Database, instructorId: number, classId: number): Promise<Class | undefined> {
  const { classes } = db.t;
  return db.get(
    db.q
      .select()
      .from(classes)
      .where(and(eq(classes.id, classId), teaches(instructorId))),
  );
}

function openClass(db: Database, instructorId: number, classId: number) {
  const { classes } = db.t;
  return db.q
    .select()
    .from(classes)
    .where(and(eq(classes.id, classId), teachesOpen(instructorId)));
}

/** The class, if the instructor teaches it and it is not archived: what every change to a class starts from. */
export async function getOpenClassForInstructor(db: Database, instructorId: number, classId: number): Promise<Class | undefined> {
  return db.get(openClass(db, instructorId, classId));
}

/** As getOpenClassForInstructor, in a transaction: the class row stays locked (FOR UPDATE) until it ends. */
function lockOpenClass(tx: Database, instructorId: number, classId: number): Promise<Class | undefined> {
  return tx.get(tx.forUpdate(openClass(tx, instructorId, classId)));
}

/** Other classes the instructor teaches with this name (case and surrounding spaces ignored): a likely mistake. */
export async function classesNamed(db: Database, instructorId: number, name: string, exceptClassId?: number): Promise<Pick<Class, "id" | "name" | "archivedAt">[]> {
  const { classes } = db.t;
  return db.all(
    db.q
      .select({ id: classes.id, name: classes.name, archivedAt: classes.archivedAt })
      .from(classes)
      .where(and(teaches(instructorId), sql`lower(trim(${classes.name})) = ${name.trim().toLowerCase()}`, exceptClassId ? ne(classes.id, exceptClassId) : undefined))
      .orderBy(asc(classes.id)),
  );
}

export async function renameClass(db: Database, instructorId: number, classId: number, name: string): Promise<boolean> {
  const { classes } = db.t;
  return !!(await db.get(
    db.q
      .update(classes)
      .set({ name })
      .where(and(eq(classes.id, classId), teachesOpen(instructorId)))
      .returning({ id: classes.id }),
  ));
}

export type ArchiveResult = { status: "archived" | "restored"; endedDebates: DebateEventOut[]; endedSessionIds: number[] } | { status: "not-found" };

/**
 * Archives the class at the end of term (or restores it). Archiving ends any live debate of the class
 * (its events are returned, to publish) and turns joining off with it: nothing in the class can change
 * until it is restored. Any teacher of the class may do either.
 */
export function setClassArchived(db: Database, instructorId: number, classId: number, archived: boolean, now = Date.now()): Promise<ArchiveResult> {
  return db.transaction<ArchiveResult>(async (tx) => {
    const { classes, debateSessions } = tx.t;
    const status = archived ? "archived" : "restored";
    // A conditional update (PostgreSQL re-checks the row it locks): of two racing archives, one archives.
    const changed = await tx.get(
      tx.q
        .update(classes)
        .set({ archivedAt: archived ? now : null })
        .where(and(eq(classes.id, classId), teaches(instructorId), archived ? isNull(classes.archivedAt) : isNotNull(classes.archivedAt)))
        .returning({ id: classes.id }),
    );
    if (!changed) return (await getClassForInstructor(tx, instructorId, classId)) ? { status, endedDebates: [], endedSessionIds: [] } : { status: "not-found" };
    const { endedDebates, endedSessionIds } = archived ? await endRunningSessions(tx, eq(debateSessions.classId, classId), now) : { endedDebates: [], endedSessionIds: [] };
    return { status, endedDebates, endedSessionIds };
  });
}

export type DeleteClassResult = { status: "deleted" } | { status: "not-found" } | { status: "not-owner" } | { status: "has-work"; attempts: number; debates: number };

/** What counts as student work in a class: attempts at its assignments, and debates someone joined. */
export async function classWork(db: Database, classId: number): Promise<{ attempts: number; debates: number }> {
  const { assignments, attempts, debateParticipants, debateSessions } = db.t;
  const a = await db.get(
    db.q
      .select({ n: count() })
      .from(attempts)
      .innerJoin(assignments, eq(assignments.id, attempts.assignmentId))
      .where(eq(assignments.classId, classId)),
  );
  const d = await db.get(
    db.q
      .select({ n: countDistinct(debateParticipants.sessionId) })
      .from(debateParticipants)
      .innerJoin(debateSessions, eq(debateSessions.id, debateParticipants.sessionId))
      .where(eq(debateSessions.classId, classId)),
  );
  return { attempts: a?.n ?? 0, debates: d?.n ?? 0 };
}

/**
 * Deletes a class created by mistake: only its owner, and only while it holds no student work (archive it
 * otherwise). Its enrolments, co-teachers, assignments and unjoined debates go with it; accounts stay.
 */
export function deleteClass(db: Database, ownerId: number, classId: number): Promise<DeleteClassResult> {
  return db.transaction<DeleteClassResult>(async (tx) => {
    const { assignmentExtensions, assignments, classes, classTeachers, commentSnippets, debateEvents, debateGroups, debateSessions, enrollments } = tx.t;
    // Row locks (FOR UPDATE on PostgreSQL) on the class, its assignments and its debates before counting the
    // work: an attempt, a joined debate or an enrolment references one of these rows, so one being written now
    // is counted (the lock waits for it), and one written later waits for this transaction and finds the class gone.
    const cls = await tx.get(tx.forUpdate(tx.q.select().from(classes).where(and(eq(classes.id, classId), teaches(ownerId)))));
    if (!cls) return { status: "not-found" };
    if (cls.instructorId !== ownerId) return { status: "not-owner" };
    const assignmentIds = (await tx.all(tx.forUpdate(tx.q.select({ id: assignments.id }).from(assignments).where(eq(assignments.classId, classId))))).map((a) => a.id);
    const sessionIds = (await tx.all(tx.forUpdate(tx.q.select({ id: debateSessions.id }).from(debateSessions).where(eq(debateSessions.classId, classId))))).map((d) => d.id);
    const work = await classWork(tx, classId);
    if (work.attempts > 0 || work.debates > 0) return { status: "has-work", ...work };
    if (sessionIds.length) {
      await tx.run(tx.q.delete(debateEvents).where(inArray(debateEvents.sessionId, sessionIds)));
      await tx.run(tx.q.delete(debateGroups).where(inArray(debateGroups.sessionId, sessionIds)));
      await tx.run(tx.q.delete(debateSessions).where(inArray(debateSessions.id, sessionIds)));
    }
    if (assignmentIds.length) {
      await tx.run(tx.q.delete(commentSnippets).where(inArray(commentSnippets.assignmentId, assignmentIds)));
      await tx.run(tx.q.delete(assignmentExtensions).where(inArray(assignmentExtensions.assignmentId, assignmentIds)));
      await tx.run(tx.q.delete(assignments).where(inArray(assignments.id, assignmentIds)));
    }
    await tx.run(tx.q.delete(enrollments).where(eq(enrollments.classId, classId)));
    await tx.run(tx.q.delete(classTeachers).where(eq(classTeachers.classId, classId)));
    await tx.run(tx.q.delete(classes).where(eq(classes.id, classId)));
    return { status: "deleted" };
  });
}

export type Teacher = { id: number; displayName: string; username: string; owner: boolean };

/** The owner first, then the co-teachers by name: for anyone who teaches the class. */
export async function listTeachers(db: Database, instructorId: number, classId: number): Promise<Teacher[] | undefined> {
  const { classTeachers, users } = db.t;
  const cls = await getClassForInstructor(db, instructorId, classId);
  if (!cls) return undefined;
  const owner = (await db.get(db.q.select({ id: users.id, displayName: users.displayName, username: users.username }).from(users).where(eq(users.id, cls.instructorId))))!;
  const co = await db.all(
    db.q
      .select({ id: users.id, displayName: users.displayName, username: users.username })
      .from(classTeachers)
      .innerJoin(users, eq(users.id, classTeachers.instructorId))
      .where(eq(classTeachers.classId, classId))
      .orderBy(asc(users.displayName), asc(users.username)),
  );
  return [{ ...owner, owner: true }, ...co.map((c) => ({ ...c, owner: false }))];
}

export type AddCoTeacherResult = { status: "added"; displayName: string } | { status: "not-found" | "not-owner" | "no-such-instructor" | "is-owner" | "already" };

/** The owner adds another instructor of this deployment, by username, as a co-teacher. */
export function addCoTeacher(db: Database, ownerId: number, classId: number, username: string): Promise<AddCoTeacherResult> {
  return db.transaction<AddCoTeacherResult>(async (tx) => {
    const { classTeachers, users } = tx.t;
    // The class row is locked (FOR UPDATE), so it cannot be archived between this check and the insert.
    const cls = await lockOpenClass(tx, ownerId, classId);
    if (!cls) return { status: "not-found" };
    if (cls.instructorId !== ownerId) return { status: "not-owner" };
    const colleague = await tx.get(
      tx.q
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(and(eq(users.username, username.trim().toLowerCase()), eq(users.role, "instructor"))),
    );
    if (!colleague) return { status: "no-such-instructor" };
    if (colleague.id === ownerId) return { status: "is-owner" };
    const added = await tx.get(tx.q.insert(classTeachers).values({ classId, instructorId: colleague.id, addedBy: ownerId }).onConflictDoNothing().returning({ id: classTeachers.instructorId }));
    return added ? { status: "added", displayName: colleague.displayName } : { status: "already" };
  });
}

/**
 * Removes a co-teacher: the owner may remove any; a co-teacher may remove only themselves (leave the
 * class). The owner is never removed.
 */
export function removeCoTeacher(db: Database, actingId: number, classId: number, coTeacherId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { classTeachers } = tx.t;
    const cls = await getClassForInstructor(tx, actingId, classId);
    if (!cls || coTeacherId === cls.instructorId) return false;
    if (cls.instructorId !== actingId && coTeacherId !== actingId) return false;
    return !!(await tx.get(
      tx.q
        .delete(classTeachers)
        .where(and(eq(classTeachers.classId, classId), eq(classTeachers.instructorId, coTeacherId)))
        .returning({ id: classTeachers.instructorId }),
    ));
  });
}

export type RosterEntry = { id: number; username: string; displayName: string; joinedAt: number; status: "active" | "withdrawn" };

export async function listRoster(db: Database, instructorId: number, classId: number): Promise<RosterEntry[]> {
  const { classes, enrollments, users } = db.t;
  return db.all(
    db.q
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        joinedAt: enrollments.joinedAt,
        status: enrollments.status,
      })
      .from(enrollments)
      .innerJoin(classes, eq(classes.id, enrollments.classId))
      .innerJoin(users, eq(users.id, enrollments.studentId))
      .where(and(eq(enrollments.classId, classId), teaches(instructorId)))
      .orderBy(asc(users.displayName), asc(users.username)),
  );
}

export type StudentClass = { id: number; name: string; instructorName: string; joinedAt: number };

export async function listClassesForStudent(db: Database, studentId: number): Promise<StudentClass[]> {
  const { classes, enrollments, users } = db.t;
  return db.all(
    db.q
      .select({ id: classes.id, name: classes.name, instructorName: users.displayName, joinedAt: enrollments.joinedAt })
      .from(enrollments)
      .innerJoin(classes, eq(classes.id, enrollments.classId))
      .innerJoin(users, eq(users.id, classes.instructorId))
      .where(and(eq(enrollments.studentId, studentId), eq(enrollments.status, "active"), isNull(classes.archivedAt)))
      .orderBy(asc(classes.name), asc(classes.id)),
  );
}

/**
 * The class a join code opens, if the code exists and joining is switched on. The row is read with a lock
 * (FOR UPDATE on PostgreSQL): in a transaction that then enrolls someone (joinClassByCode, signUpStudent),
 * archiving the class, switching joining off or a new code waits until the enrolment is committed, or the
 * lock waits for them and finds the code closed. Outside a transaction the lock ends with the statement.
 */
export async function findJoinableClass(db: Database, joinCode: string): Promise<Pick<Class, "id" | "name"> | undefined> {
  const { classes } = db.t;
  return db.get(
    db.forUpdate(
      db.q
        .select({ id: classes.id, name: classes.name })
        .from(classes)
        .where(and(eq(classes.joinCode, joinCode), eq(classes.joinEnabled, true), isNull(classes.archivedAt))),
    ),
  );
}

export type JoinResult = { status: "joined" | "already-member" | "withdrawn"; classId: number; className: string } | { status: "bad-code" };

/** Enrolls a student through a join code. A student the instructor withdrew is not re-admitted by a code. */
export function joinClassByCode(db: Database, studentId: number, joinCode: string): Promise<JoinResult> {
  return db.transaction<JoinResult>(async (tx) => {
    const { enrollments } = tx.t;
    // Locks the class row until the enrolment is committed (see findJoinableClass).
    const cls = await findJoinableClass(tx, joinCode);
    if (!cls) return { status: "bad-code" };
    const inserted = await tx.get(tx.q.insert(enrollments).values({ classId: cls.id, studentId }).onConflictDoNothing().returning({ classId: enrollments.classId }));
    if (inserted) return { status: "joined", classId: cls.id, className: cls.name };
    const existing = await tx.get(
      tx.q
        .select({ status: enrollments.status })
        .from(enrollments)
        .where(and(eq(enrollments.classId, cls.id), eq(enrollments.studentId, studentId))),
    );
    return { status: existing?.status === "withdrawn" ? "withdrawn" : "already-member", classId: cls.id, className: cls.name };
  });
}

/** Marks a student withdrawn (or active again): their work stays, they no longer see the class. */
export function setEnrollmentStatus(db: Database, instructorId: number, classId: number, studentId: number, status: "active" | "withdrawn"): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { enrollments } = tx.t;
    // The class row is locked (FOR UPDATE) until the change is committed: it cannot be archived in between.
    if (!(await lockOpenClass(tx, instructorId, classId))) return false;
    const changed = await tx.get(
      tx.q
        .update(enrollments)
        .set({ status })
        .where(and(eq(enrollments.classId, classId), eq(enrollments.studentId, studentId)))
        .returning({ id: enrollments.studentId }),
    );
    return !!changed;
  });
}

export async function setJoinEnabled(db: Database, instructorId: number, classId: number, enabled: boolean): Promise<boolean> {
  const { classes } = db.t;
  return !!(await db.get(
    db.q
      .update(classes)
      .set({ joinEnabled: enabled })
      .where(and(eq(classes.id, classId), teachesOpen(instructorId)))
      .returning({ id: classes.id }),
  ));
}

/** A fresh join code: the old one stops working at once. */
export async function regenerateJoinCode(db: Database, instructorId: number, classId: number): Promise<string | undefined> {
  const { classes } = db.t;
  if (!(await getOpenClassForInstructor(db, instructorId, classId))) return undefined;
  for (let i = 0; i < 10; i++) {
    const joinCode = generateJoinCode();
    if (await db.get(db.q.select({ id: classes.id }).from(classes).where(eq(classes.joinCode, joinCode)))) continue;
    // A conditional update (PostgreSQL re-checks the class row it locks): a class archived since the check
    // above keeps its code. A code another class took in the same instant fails on the unique index, never shared.
    const changed = await db.get(
      db.q
        .update(classes)
        .set({ joinCode, joinEnabled: true })
        .where(and(eq(classes.id, classId), teachesOpen(instructorId)))
        .returning({ id: classes.id }),
    );
    return changed ? joinCode : undefined;
  }
  throw new Error("Could not draw an unused join code after 10 tries");
}

export type ImportedAccount = { line: number; displayName: string; username: string; passwordHash: string; mustChangePassword: boolean };

/**
 * Which usernames of a roster already exist: those of this class's students (`inClass`: a roster imported
 * again, updated, leaves them as they are; `withdrawn` names those of them withdrawn from it, who stay so)
 * and the rest (`taken`: someone else's, refused).
 */
export type KnownUsernames = { inClass: Set<string>; withdrawn: Set<string>; taken: Set<string> };

async function knownUsernames(db: Database, classId: number, usernames: string[]): Promise<KnownUsernames> {
  const { enrollments, users } = db.t;
  const known: KnownUsernames = { inClass: new Set(), withdrawn: new Set(), taken: new Set() };
  if (usernames.length === 0) return known;
  const rows = await db.all(
    db.q
      .select({ username: users.username, enrolled: enrollments.status })
      .from(users)
      .leftJoin(enrollments, and(eq(enrollments.studentId, users.id), eq(enrollments.classId, classId)))
      .where(inArray(users.username, usernames)),
  );
  for (const r of rows) {
    (r.enrolled === null ? known.taken : known.inClass).add(r.username);
    if (r.enrolled === "withdrawn") known.withdrawn.add(r.username);
  }
  return known;
}

/**
 * The usernames of a roster that already exist, for the import's preview: it only reads, so the preview
 * stores nothing (importRoster checks again, in its transaction, when the roster is confirmed).
 */
export async function findKnownUsernames(db: Database, instructorId: number, classId: number, usernames: string[]): Promise<KnownUsernames | undefined> {
  if (!(await getClassForInstructor(db, instructorId, classId))) return undefined;
  return knownUsernames(db, classId, usernames);
}

type Problem = { line: number; message: string };
/** `inClass`: the roster's students already in the class, left as they are (nothing created for them). */
type ImportResult = { status: "imported"; count: number; inClass: string[] } | { status: "not-found" } | { status: "taken"; problems: Problem[] };

/** Thrown inside importRoster's transaction to roll back the accounts it had created. */
class UsernamesTaken extends Error {
  constructor(readonly problems: Problem[]) {
    super("Usernames taken");
  }
}

/**
 * A roster row whose username someone outside the class has (the preview says it as the import does); the
 * class code is offered only while the class takes joins by code.
 */
export const takenProblem = (a: Pick<ImportedAccount, "line" | "username">, joinEnabled: boolean): Problem => ({
  line: a.line,
  message: `The username "${a.username}" is already taken by someone not in this class. ${
    joinEnabled ? "If that is this student, they can join with the class code instead; if not, give" : "Give"
  } this row a username of its own.`,
});

/**
 * Creates the accounts of a roster and enrolls them, all or nothing. Students already in the class (the
 * roster imported again) are left as they are; usernames someone else has are reported with their line
 * numbers and nothing is created.
 */
export async function importRoster(db: Database, instructorId: number, classId: number, accounts: ImportedAccount[]): Promise<ImportResult> {
  try {
    return await db.transaction<ImportResult>(async (tx) => {
      const { enrollments, users } = tx.t;
      // The class row is locked (FOR UPDATE) until the roster is committed: it cannot be archived in between.
      const cls = await lockOpenClass(tx, instructorId, classId);
      if (!cls) return { status: "not-found" };
      const { inClass, taken } = await knownUsernames(tx, classId, accounts.map((a) => a.username));
      const problems = accounts.filter((a) => taken.has(a.username)).map((a) => takenProblem(a, cls.joinEnabled));
      if (problems.length) return { status: "taken", problems };
      const created = accounts.filter((a) => !inClass.has(a.username));
      for (const a of created) {
        // The unique index decides: a username someone took since the check above (another process) conflicts
        // without failing the transaction, and the whole roster is rolled back below.
        const user = await tx.get(
          tx.q
            .insert(users)
            .values({ username: a.username, displayName: a.displayName, passwordHash: a.passwordHash, role: "student", mustChangePassword: a.mustChangePassword })
            .onConflictDoNothing({ target: users.username })
            .returning({ id: users.id }),
        );
        if (!user) {
          problems.push(takenProblem(a, cls.joinEnabled));
          continue;
        }
        await tx.run(tx.q.insert(enrollments).values({ classId, studentId: user.id }));
      }
      if (problems.length) throw new UsernamesTaken(problems);
      return { status: "imported", count: created.length, inClass: accounts.filter((a) => inClass.has(a.username)).map((a) => a.username) };
    });
  } catch (error) {
    if (error instanceof UsernamesTaken) return { status: "taken", problems: error.problems };
    throw error;
  }
}
