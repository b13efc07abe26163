import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { generateJoinCode } from "@/lib/join-code";
import type { Queryable } from "../open";
import {
  assignmentExtensions,
  assignments,
  attempts,
  classes,
  classTeachers,
  commentSnippets,
  debateEvents,
  debateGroups,
  debateParticipants,
  debateSessions,
  enrollments,
  users,
  type Class,
} from "../schema";
import { appendEvent, type DebateEventOut } from "./debates";
import { teaches, teachesOpen } from "./teaching";

/*
 * Access is data: every function that reads or changes a class takes the acting user and puts teaching
 * (owner or co-teacher, db/queries/teaching) or membership (student) into its WHERE clause, so a forgotten
 * check returns nothing. An archived class is read-only: changes go through `teachesOpen`.
 */

export function createClass(db: Queryable, instructorId: number, name: string): Class {
  // Codes are random; on the rare collision with an existing code, draw again.
  for (let i = 0; i < 10; i++) {
    const joinCode = generateJoinCode();
    const row = db.insert(classes).values({ name, instructorId, joinCode }).onConflictDoNothing().returning().get();
    if (row) return row;
  }
  throw new Error("Could not draw an unused join code after 10 tries");
}

export type ClassSummary = Class & { studentCount: number; ownerName: string; coTeaching: boolean };

/** The classes the instructor teaches (owns or co-teaches), newest first; archived ones last, oldest archive last. */
export function listClassesForInstructor(db: Queryable, instructorId: number): ClassSummary[] {
  return db
    .select({ cls: classes, studentCount: count(enrollments.studentId), ownerName: users.displayName })
    .from(classes)
    .innerJoin(users, eq(users.id, classes.instructorId))
    .leftJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.status, "active")))
    .where(teaches(instructorId))
    .groupBy(classes.id)
    .orderBy(sql`${classes.archivedAt} is not null`, desc(classes.archivedAt), desc(classes.createdAt), desc(classes.id))
    .all()
    .map(({ cls, studentCount, ownerName }) => ({ ...cls, studentCount, ownerName, coTeaching: cls.instructorId !== instructorId }));
}

/** The class, if the instructor teaches it (owns or co-teaches; archived or not). */
export function getClassForInstructor(db: Queryable, instructorId: number, classId: number): Class | undefined {
  return db
    .select()
    .from(classes)
    .where(and(eq(classes.id, classId), teaches(instructorId)))
    .get();
}

/** The class, if the instructor teaches it and it is not archived: what every change to a class starts from. */
export function getOpenClassForInstructor(db: Queryable, instructorId: number, classId: number): Class | undefined {
  return db
    .select()
    .from(classes)
    .where(and(eq(classes.id, classId), teachesOpen(instructorId)))
    .get();
}

/** Other classes the instructor teaches with this name (case and surrounding spaces ignored): a likely mistake. */
export function classesNamed(db: Queryable, instructorId: number, name: string, exceptClassId?: number): Pick<Class, "id" | "name" | "archivedAt">[] {
  return db
    .select({ id: classes.id, name: classes.name, archivedAt: classes.archivedAt })
    .from(classes)
    .where(and(teaches(instructorId), sql`lower(trim(${classes.name})) = ${name.trim().toLowerCase()}`, exceptClassId ? ne(classes.id, exceptClassId) : undefined))
    .all();
}

export function renameClass(db: Queryable, instructorId: number, classId: number, name: string): boolean {
  return !!db
    .update(classes)
    .set({ name })
    .where(and(eq(classes.id, classId), teachesOpen(instructorId)))
    .returning({ id: classes.id })
    .get();
}

export type ArchiveResult = { status: "archived" | "restored"; endedDebates: DebateEventOut[]; endedSessionIds: number[] } | { status: "not-found" };

/**
 * Archives the class at the end of term (or restores it). Archiving ends any live debate of the class
 * (its events are returned, to publish) and turns joining off with it: nothing in the class can change
 * until it is restored. Any teacher of the class may do either.
 */
export function setClassArchived(db: Queryable, instructorId: number, classId: number, archived: boolean, now = Date.now()): ArchiveResult {
  return db.transaction(
    (tx) => {
      const changed = tx
        .update(classes)
        .set({ archivedAt: archived ? now : null })
        .where(and(eq(classes.id, classId), teaches(instructorId), archived ? isNull(classes.archivedAt) : isNotNull(classes.archivedAt)))
        .returning({ id: classes.id })
        .get();
      if (!changed) return getClassForInstructor(tx, instructorId, classId) ? { status: archived ? ("archived" as const) : ("restored" as const), endedDebates: [], endedSessionIds: [] } : { status: "not-found" as const };
      const live = archived
        ? tx
            .select({ id: debateSessions.id })
            .from(debateSessions)
            .where(and(eq(debateSessions.classId, classId), ne(debateSessions.phase, "ended")))
            .all()
        : [];
      const endedDebates = live.map(({ id }) => {
        tx.update(debateSessions).set({ phase: "ended", endedAt: now, timerEndsAt: null, timerRemainingMs: null }).where(eq(debateSessions.id, id)).run();
        return appendEvent(tx, id, "phase", { phase: "ended" });
      });
      return { status: archived ? ("archived" as const) : ("restored" as const), endedDebates, endedSessionIds: live.map((l) => l.id) };
    },
    { behavior: "immediate" },
  );
}

export type DeleteClassResult = { status: "deleted" } | { status: "not-found" } | { status: "not-owner" } | { status: "has-work"; attempts: number; debates: number };

/** What counts as student work in a class: attempts at its assignments, and debates someone joined. */
export function classWork(db: Queryable, classId: number): { attempts: number; debates: number } {
  return db.get<{ attempts: number; debates: number }>(sql`select
    (select count(*) from ${attempts} join ${assignments} on ${assignments.id} = ${attempts.assignmentId} where ${assignments.classId} = ${classId}) as attempts,
    (select count(distinct ${debateParticipants.sessionId}) from ${debateParticipants} join ${debateSessions} on ${debateSessions.id} = ${debateParticipants.sessionId} where ${debateSessions.classId} = ${classId}) as debates`);
}

/**
 * Deletes a class created by mistake: only its owner, and only while it holds no student work (archive it
 * otherwise). Its enrolments, co-teachers, assignments and unjoined debates go with it; accounts stay.
 */
export function deleteClass(db: Queryable, ownerId: number, classId: number): DeleteClassResult {
  return db.transaction(
    (tx) => {
      const cls = getClassForInstructor(tx, ownerId, classId);
      if (!cls) return { status: "not-found" as const };
      if (cls.instructorId !== ownerId) return { status: "not-owner" as const };
      const work = classWork(tx, classId);
      if (work.attempts > 0 || work.debates > 0) return { status: "has-work" as const, ...work };
      const assignmentIds = tx.select({ id: assignments.id }).from(assignments).where(eq(assignments.classId, classId)).all().map((a) => a.id);
      const sessionIds = tx.select({ id: debateSessions.id }).from(debateSessions).where(eq(debateSessions.classId, classId)).all().map((d) => d.id);
      if (sessionIds.length) {
        tx.delete(debateEvents).where(inArray(debateEvents.sessionId, sessionIds)).run();
        tx.delete(debateGroups).where(inArray(debateGroups.sessionId, sessionIds)).run();
        tx.delete(debateSessions).where(inArray(debateSessions.id, sessionIds)).run();
      }
      if (assignmentIds.length) {
        tx.delete(commentSnippets).where(inArray(commentSnippets.assignmentId, assignmentIds)).run();
        tx.delete(assignmentExtensions).where(inArray(assignmentExtensions.assignmentId, assignmentIds)).run();
        tx.delete(assignments).where(inArray(assignments.id, assignmentIds)).run();
      }
      tx.delete(enrollments).where(eq(enrollments.classId, classId)).run();
      tx.delete(classTeachers).where(eq(classTeachers.classId, classId)).run();
      tx.delete(classes).where(eq(classes.id, classId)).run();
      return { status: "deleted" as const };
    },
    { behavior: "immediate" },
  );
}

export type Teacher = { id: number; displayName: string; username: string; owner: boolean };

/** The owner first, then the co-teachers by name: for anyone who teaches the class. */
export function listTeachers(db: Queryable, instructorId: number, classId: number): Teacher[] | undefined {
  const cls = getClassForInstructor(db, instructorId, classId);
  if (!cls) return undefined;
  const owner = db.select({ id: users.id, displayName: users.displayName, username: users.username }).from(users).where(eq(users.id, cls.instructorId)).get()!;
  const co = db
    .select({ id: users.id, displayName: users.displayName, username: users.username })
    .from(classTeachers)
    .innerJoin(users, eq(users.id, classTeachers.instructorId))
    .where(eq(classTeachers.classId, classId))
    .orderBy(asc(users.displayName), asc(users.username))
    .all();
  return [{ ...owner, owner: true }, ...co.map((c) => ({ ...c, owner: false }))];
}

export type AddCoTeacherResult = { status: "added"; displayName: string } | { status: "not-found" | "not-owner" | "no-such-instructor" | "is-owner" | "already" };

/** The owner adds another instructor of this deployment, by username, as a co-teacher. */
export function addCoTeacher(db: Queryable, ownerId: number, classId: number, username: string): AddCoTeacherResult {
  return db.transaction(
    (tx) => {
      const cls = getOpenClassForInstructor(tx, ownerId, classId);
      if (!cls) return { status: "not-found" as const };
      if (cls.instructorId !== ownerId) return { status: "not-owner" as const };
      const colleague = tx
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(and(eq(users.username, username.trim().toLowerCase()), eq(users.role, "instructor")))
        .get();
      if (!colleague) return { status: "no-such-instructor" as const };
      if (colleague.id === ownerId) return { status: "is-owner" as const };
      const added = tx.insert(classTeachers).values({ classId, instructorId: colleague.id, addedBy: ownerId }).onConflictDoNothing().returning({ id: classTeachers.instructorId }).get();
      return added ? { status: "added" as const, displayName: colleague.displayName } : { status: "already" as const };
    },
    { behavior: "immediate" },
  );
}

/**
 * Removes a co-teacher: the owner may remove any; a co-teacher may remove only themselves (leave the
 * class). The owner is never removed.
 */
export function removeCoTeacher(db: Queryable, actingId: number, classId: number, coTeacherId: number): boolean {
  return db.transaction((tx) => {
    const cls = getClassForInstructor(tx, actingId, classId);
    if (!cls || coTeacherId === cls.instructorId) return false;
    if (cls.instructorId !== actingId && coTeacherId !== actingId) return false;
    return !!tx
      .delete(classTeachers)
      .where(and(eq(classTeachers.classId, classId), eq(classTeachers.instructorId, coTeacherId)))
      .returning({ id: classTeachers.instructorId })
      .get();
  });
}

export type RosterEntry = { id: number; username: string; displayName: string; joinedAt: number; status: "active" | "withdrawn" };

export function listRoster(db: Queryable, instructorId: number, classId: number): RosterEntry[] {
  return db
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
    .orderBy(asc(users.displayName), asc(users.username))
    .all();
}

export type StudentClass = { id: number; name: string; instructorName: string; joinedAt: number };

export function listClassesForStudent(db: Queryable, studentId: number): StudentClass[] {
  return db
    .select({ id: classes.id, name: classes.name, instructorName: users.displayName, joinedAt: enrollments.joinedAt })
    .from(enrollments)
    .innerJoin(classes, eq(classes.id, enrollments.classId))
    .innerJoin(users, eq(users.id, classes.instructorId))
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.status, "active"), isNull(classes.archivedAt)))
    .orderBy(asc(classes.name))
    .all();
}

/** The class a join code opens, if the code exists and joining is switched on. */
export function findJoinableClass(db: Queryable, joinCode: string): Pick<Class, "id" | "name"> | undefined {
  return db
    .select({ id: classes.id, name: classes.name })
    .from(classes)
    .where(and(eq(classes.joinCode, joinCode), eq(classes.joinEnabled, true), isNull(classes.archivedAt)))
    .get();
}

export type JoinResult = { status: "joined" | "already-member" | "withdrawn"; classId: number; className: string } | { status: "bad-code" };

/** Enrolls a student through a join code. A student the instructor withdrew is not re-admitted by a code. */
export function joinClassByCode(db: Queryable, studentId: number, joinCode: string): JoinResult {
  const cls = findJoinableClass(db, joinCode);
  if (!cls) return { status: "bad-code" };
  const inserted = db
    .insert(enrollments)
    .values({ classId: cls.id, studentId })
    .onConflictDoNothing()
    .returning({ classId: enrollments.classId })
    .get();
  if (inserted) return { status: "joined", classId: cls.id, className: cls.name };
  const existing = db
    .select({ status: enrollments.status })
    .from(enrollments)
    .where(and(eq(enrollments.classId, cls.id), eq(enrollments.studentId, studentId)))
    .get();
  return { status: existing?.status === "withdrawn" ? "withdrawn" : "already-member", classId: cls.id, className: cls.name };
}

function teachesOpenClass(db: Queryable, instructorId: number, classId: number): boolean {
  return !!getOpenClassForInstructor(db, instructorId, classId);
}

/** Marks a student withdrawn (or active again): their work stays, they no longer see the class. */
export function setEnrollmentStatus(db: Queryable, instructorId: number, classId: number, studentId: number, status: "active" | "withdrawn"): boolean {
  if (!teachesOpenClass(db, instructorId, classId)) return false;
  const changed = db
    .update(enrollments)
    .set({ status })
    .where(and(eq(enrollments.classId, classId), eq(enrollments.studentId, studentId)))
    .returning({ id: enrollments.studentId })
    .get();
  return !!changed;
}

export function setJoinEnabled(db: Queryable, instructorId: number, classId: number, enabled: boolean): boolean {
  return !!db
    .update(classes)
    .set({ joinEnabled: enabled })
    .where(and(eq(classes.id, classId), teachesOpen(instructorId)))
    .returning({ id: classes.id })
    .get();
}

/** A fresh join code: the old one stops working at once. */
export function regenerateJoinCode(db: Queryable, instructorId: number, classId: number): string | undefined {
  if (!teachesOpenClass(db, instructorId, classId)) return undefined;
  for (let i = 0; i < 10; i++) {
    const joinCode = generateJoinCode();
    if (db.select({ id: classes.id }).from(classes).where(eq(classes.joinCode, joinCode)).get()) continue;
    db.update(classes).set({ joinCode, joinEnabled: true }).where(eq(classes.id, classId)).run();
    return joinCode;
  }
  throw new Error("Could not draw an unused join code after 10 tries");
}

export type ImportedAccount = { line: number; displayName: string; username: string; passwordHash: string; mustChangePassword: boolean };

/**
 * The usernames of a roster that already belong to someone, for the import's preview: it only reads, so the
 * preview stores nothing (importRoster checks again, in its transaction, when the roster is confirmed).
 */
export function findTakenUsernames(db: Queryable, instructorId: number, classId: number, usernames: string[]): Set<string> | undefined {
  if (!getClassForInstructor(db, instructorId, classId)) return undefined;
  if (usernames.length === 0) return new Set();
  return new Set(db.select({ username: users.username }).from(users).where(inArray(users.username, usernames)).all().map((u) => u.username));
}

/**
 * Creates the accounts of a roster and enrolls them, all or nothing. Usernames already taken are reported
 * with their line numbers and nothing is created.
 */
export function importRoster(
  db: Queryable,
  instructorId: number,
  classId: number,
  accounts: ImportedAccount[],
): { status: "imported"; count: number } | { status: "not-found" } | { status: "taken"; problems: { line: number; message: string }[] } {
  return db.transaction(
    (tx) => {
      if (!getOpenClassForInstructor(tx, instructorId, classId)) return { status: "not-found" as const };
      const taken = new Set(
        tx
          .select({ username: users.username })
          .from(users)
          .where(inArray(users.username, accounts.map((a) => a.username)))
          .all()
          .map((u) => u.username),
      );
      const problems = accounts.filter((a) => taken.has(a.username)).map((a) => ({ line: a.line, message: `The username "${a.username}" is already taken.` }));
      if (problems.length) return { status: "taken" as const, problems };
      for (const a of accounts) {
        const user = tx
          .insert(users)
          .values({ username: a.username, displayName: a.displayName, passwordHash: a.passwordHash, role: "student", mustChangePassword: a.mustChangePassword })
          .returning({ id: users.id })
          .get();
        tx.insert(enrollments).values({ classId, studentId: user.id }).run();
      }
      return { status: "imported" as const, count: accounts.length };
    },
    { behavior: "immediate" },
  );
}
