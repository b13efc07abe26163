import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { generateJoinCode } from "@/lib/join-code";
import type { Queryable } from "../open";
import { classes, enrollments, users, type Class } from "../schema";
import { teaches } from "./teaching";

/*
 * Access is data: every function that reads or changes a class takes the acting user and puts ownership
 * (instructor) or membership (student) into its WHERE clause, so a forgotten check returns nothing.
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

export type ClassSummary = Class & { studentCount: number };

export function listClassesForInstructor(db: Queryable, instructorId: number): ClassSummary[] {
  return db
    .select({ cls: classes, studentCount: count(enrollments.studentId) })
    .from(classes)
    .leftJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.status, "active")))
    .where(teaches(instructorId))
    .groupBy(classes.id)
    .orderBy(desc(classes.createdAt), desc(classes.id))
    .all()
    .map(({ cls, studentCount }) => ({ ...cls, studentCount }));
}

export function getClassForInstructor(db: Queryable, instructorId: number, classId: number): Class | undefined {
  return db
    .select()
    .from(classes)
    .where(and(eq(classes.id, classId), teaches(instructorId)))
    .get();
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
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .orderBy(asc(classes.name))
    .all();
}

/** The class a join code opens, if the code exists and joining is switched on. */
export function findJoinableClass(db: Queryable, joinCode: string): Pick<Class, "id" | "name"> | undefined {
  return db
    .select({ id: classes.id, name: classes.name })
    .from(classes)
    .where(and(eq(classes.joinCode, joinCode), eq(classes.joinEnabled, true)))
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

function ownsClass(db: Queryable, instructorId: number, classId: number): boolean {
  return !!getClassForInstructor(db, instructorId, classId);
}

/** Marks a student withdrawn (or active again): their work stays, they no longer see the class. */
export function setEnrollmentStatus(db: Queryable, instructorId: number, classId: number, studentId: number, status: "active" | "withdrawn"): boolean {
  if (!ownsClass(db, instructorId, classId)) return false;
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
    .where(and(eq(classes.id, classId), teaches(instructorId)))
    .returning({ id: classes.id })
    .get();
}

/** A fresh join code: the old one stops working at once. */
export function regenerateJoinCode(db: Queryable, instructorId: number, classId: number): string | undefined {
  if (!ownsClass(db, instructorId, classId)) return undefined;
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
      if (!getClassForInstructor(tx, instructorId, classId)) return { status: "not-found" as const };
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
