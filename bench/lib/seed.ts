/*
 * The bench's own data, written straight into the SQLite file with the app's query functions and drizzle,
 * in transactions: one instructor (a teacher with a whole term of classes), a pool of students, the grid
 * class (200 students who submitted all 23 items of the built-in lesson through submitAttempt), and then
 * the school: more classes, about 50 assignments in all and about 200,000 responses.
 */
import type { Database } from "../../db/database";
import { createAssignment } from "../../db/queries/assignments";
import { submitAttempt } from "../../db/queries/attempts";
import { addCoTeacher, createClass } from "../../db/queries/classes";
import { insertUser, type PublicUser } from "../../db/queries/users";
import type { Answer } from "../../lib/answers";
import type { Lesson } from "../../lib/content/schema";
import { indexLesson, type LessonItem } from "../../lib/lesson-items";
import { scoreItem } from "../../lib/scoring";
import type { Account } from "./http";

/** A small seeded generator (mulberry32): the same data on every run. */
export function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = "the article says that the evidence shows a clear change in policy because the leaders wanted to keep power and the people paid for it".split(" ");

/** A realistic answer of the item's shape (already as lib/answers.ts normalises it), varied by `n`. */
export function answerFor(item: LessonItem, n: number, random: () => number, sentenceIds: readonly string[] = []): Answer {
  const text = (words: number) => `${n}: ` + Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
  if (item.kind === "debate") {
    // Two cited sentences of the lesson (any excerpt), when the caller passes them.
    const citations = [...new Set([0, 1].map(() => sentenceIds[Math.floor(random() * sentenceIds.length)]!).filter(Boolean))];
    return { stance: 1 + Math.floor(random() * 5), argument: text(60), citations };
  }
  const q = item.question;
  switch (q.type) {
    case "single":
      return { choice: q.choices[Math.floor(random() * q.choices.length)]!.id };
    case "multiple": {
      const picked = q.choices.filter(() => random() < 0.5).map((c) => c.id);
      return { choices: picked.length ? picked : [q.choices[0]!.id] };
    }
    case "truefalse":
      return { value: random() < 0.5 };
    case "short":
      return { text: text(30) };
    case "evidence": {
      const picked = item.excerpt.sentences.filter(() => random() < 0.3).map((s) => s.id);
      return { sentences: picked.length ? picked : [item.excerpt.sentences[0]!.id] };
    }
  }
}

/** The lesson form's fields for an answer (lib/answer-form.ts reads them back): what a browser posts. */
export function formFields(item: LessonItem, answer: Answer): [string, string][] {
  const a = answer as Record<string, unknown>;
  if (item.kind === "debate") {
    const fields: [string, string][] = [];
    if (a.stance != null) fields.push([`d:${item.id}:stance`, String(a.stance)]);
    fields.push([`d:${item.id}:argument`, String(a.argument)]);
    for (const id of a.citations as string[]) fields.push([`d:${item.id}:cite`, id]);
    return fields;
  }
  const name = `q:${item.id}`;
  switch (item.question.type) {
    case "single":
      return [[name, String(a.choice)]];
    case "truefalse":
      return [[name, String(a.value)]];
    case "short":
      return [[name, String(a.text)]];
    case "multiple":
      return (a.choices as string[]).map((id) => [name, id]);
    case "evidence":
      return (a.sentences as string[]).map((id) => [name, id]);
  }
}

export type Seeded = {
  instructor: Account;
  /** A colleague who co-teaches the grid class and nothing else: their /teach shows the same whatever the school adds. */
  coTeacher: Account;
  students: Account[];
  grid: { classId: number; assignmentId: number; studentIds: number[] };
};

/**
 * The instructor, `studentCount` students (one password hash for all: hashing is measured in its own
 * scenario), and the grid class: 200 students (fewer with --quick) who each submitted every item.
 */
export function seedBase(db: Database, lesson: Lesson, passwordHash: string, options: { students: number; gridStudents: number }): Promise<Seeded> {
  const index = indexLesson(lesson);
  const sentenceIds = [...index.sentenceIds];
  const random = generator(12);
  return db.transaction(async (tx) => {
    const teacher = await insertUser(tx, { username: "bench.teacher", displayName: "Bench Teacher", passwordHash, role: "instructor" });
    const students: PublicUser[] = [];
    for (let i = 0; i < options.students; i++)
      students.push(await insertUser(tx, { username: `bench.s${String(i).padStart(4, "0")}`, displayName: `Student ${i} Benchmark`, passwordHash, role: "student" }));
    const colleague = await insertUser(tx, { username: "bench.coteacher", displayName: "Bench Co-teacher", passwordHash, role: "instructor" });
    const cls = await createClass(tx, teacher.id, "Grid class");
    if ((await addCoTeacher(tx, teacher.id, cls.id, colleague.username)).status !== "added") throw new Error("Could not add the grid class's co-teacher.");
    const assignmentId = (await createAssignment(tx, teacher.id, { classId: cls.id, lesson, dueAt: null }))!.id;
    const gridStudents = students.slice(0, options.gridStudents);
    for (const student of gridStudents) {
      await tx.run(tx.q.insert(tx.t.enrollments).values({ classId: cls.id, studentId: student.id }));
      const raw = Object.fromEntries(index.items.map((item, k) => [item.id, answerFor(item, k, random, sentenceIds)]));
      await submitAttempt(tx, student.id, assignmentId, raw);
    }
    const account = (u: typeof teacher): Account => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, sessionVersion: u.sessionVersion });
    return { instructor: account(teacher), coTeacher: account(colleague), students: students.map(account), grid: { classId: cls.id, assignmentId, studentIds: gridStudents.map((s) => s.id) } };
  });
}

export type School = {
  /** The class the live scenarios use: every student of `liveStudents`, with two open assignments. */
  live: { classId: number; autosaveAssignmentId: number; periodAssignmentId: number };
  /** The term's classes, each with its assignments (all submitted). */
  classes: { classId: number; studentIds: number[]; assignmentIds: number[] }[];
  assignments: number;
  responses: number;
  seconds: number;
};

/**
 * The rest of the school: the live class, and `classCount` classes of `classSize` students (overlapping
 * windows of the pool: a student takes several subjects) sharing `assignments` assignments, every student
 * of each having submitted every item. Bulk rows go in through drizzle, scored with lib/scoring as
 * submitAttempt scores them, one transaction per assignment: submitAttempt itself would take minutes here.
 */
export async function seedSchool(
  db: Database,
  lesson: Lesson,
  seeded: Seeded,
  options: { liveStudents: number; classCount: number; classSize: number; assignments: number },
): Promise<School> {
  const began = performance.now();
  const index = indexLesson(lesson);
  const sentenceIds = [...index.sentenceIds];
  const random = generator(34);
  const teacherId = seeded.instructor.id;
  const pool = seeded.students;
  const live = await db.transaction(async (tx) => {
    const cls = await createClass(tx, teacherId, "Period 3 (live)");
    for (const student of pool.slice(0, options.liveStudents)) await tx.run(tx.q.insert(tx.t.enrollments).values({ classId: cls.id, studentId: student.id }));
    const autosaveAssignmentId = (await createAssignment(tx, teacherId, { classId: cls.id, lesson, dueAt: null }))!.id;
    const periodAssignmentId = (await createAssignment(tx, teacherId, { classId: cls.id, lesson, dueAt: null }))!.id;
    return { classId: cls.id, autosaveAssignmentId, periodAssignmentId };
  });

  const classes: School["classes"] = [];
  for (let k = 0; k < options.classCount; k++) {
    const studentIds = Array.from({ length: Math.min(options.classSize, pool.length) }, (_, i) => pool[(k * 50 + i) % pool.length]!.id);
    const classId = await db.transaction(async (tx) => {
      const cls = await createClass(tx, teacherId, `Term class ${k + 1}`);
      for (const studentId of studentIds) await tx.run(tx.q.insert(tx.t.enrollments).values({ classId: cls.id, studentId }));
      return cls.id;
    });
    classes.push({ classId, studentIds, assignmentIds: [] });
  }

  let responseCount = 0;
  const now = Date.now();
  for (let a = 0; a < options.assignments; a++) {
    const cls = classes[a % classes.length]!;
    await db.transaction(async (tx) => {
      const { attempts, responses } = tx.t;
      const assignmentId = (await createAssignment(tx, teacherId, { classId: cls.classId, lesson, dueAt: null }))!.id;
      cls.assignmentIds.push(assignmentId);
      for (const studentId of cls.studentIds) {
        const rows = index.items.map((item, k) => {
          const answer = answerFor(item, k, random, sentenceIds);
          const result = scoreItem(item, answer);
          return {
            itemId: item.id,
            answer,
            score: result.status === "needs-grading" ? null : result.score,
            maxScore: result.max,
            needsGrading: result.status === "needs-grading",
            updatedAt: now,
          };
        });
        const score = rows.reduce((sum, r) => sum + (r.score ?? 0), 0);
        const maxScore = rows.reduce((sum, r) => sum + r.maxScore, 0);
        const attempt = (await tx.get(
          tx.q
            .insert(attempts)
            .values({ assignmentId, studentId, status: "submitted", score: Math.round(score * 100) / 100, maxScore, updatedAt: now, submittedAt: now })
            .returning({ id: attempts.id }),
        ))!;
        await tx.run(tx.q.insert(responses).values(rows.map((r) => ({ ...r, attemptId: attempt.id }))));
        responseCount += rows.length;
      }
    });
  }
  const totalAssignments = 1 + 2 + options.assignments;
  return { live, classes, assignments: totalAssignments, responses: responseCount, seconds: (performance.now() - began) / 1000 };
}

/** More students who only sign in (the 1,000-student burst needs that many distinct accounts). */
export function seedSignInOnly(db: Database, passwordHash: string, from: number, count: number): Promise<Account[]> {
  return db.transaction(async (tx) => {
    const accounts: Account[] = [];
    for (let i = 0; i < count; i++) {
      const u = await insertUser(tx, { username: `bench.b${String(from + i).padStart(4, "0")}`, displayName: `Burst ${from + i}`, passwordHash, role: "student" });
      accounts.push({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, sessionVersion: u.sessionVersion });
    }
    return accounts;
  });
}
