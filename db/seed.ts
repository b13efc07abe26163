import { eq } from "drizzle-orm";
import type { Lesson, Question } from "@/lib/content/schema";
import type { Db, Queryable } from "./open";
import { createAssignment } from "./queries/assignments";
import { saveDraftAnswers, submitAttempt } from "./queries/attempts";
import { createClass } from "./queries/classes";
import { insertUser, markSetupComplete } from "./queries/users";
import { appMeta, classes, enrollments, users } from "./schema";

export const DEMO_PASSWORD = "colloquy-demo";

export const DEMO_INSTRUCTOR = { username: "demo.teacher", displayName: "Ms. Rivera (demo)" };
export const DEMO_STUDENTS = [
  { username: "demo.amara", displayName: "Amara Okafor" },
  { username: "demo.ben", displayName: "Ben Castillo" },
  { username: "demo.chloe", displayName: "Chloé Martin" },
  { username: "demo.dev", displayName: "Dev Patel" },
];

const DEMO_SEEDED = "demo_seeded_at";
const DEMO_CLASS_NAME = "World Affairs — Period 3 (demo)";

export type DemoLogins = { instructor: string; students: string[]; password: string; className: string; joinCode: string };

/**
 * Seeds the demo (an instructor, a class with the first lesson assigned, a few students) into an empty
 * database, once. Returns the logins whenever the demo is present, or null when this database is not a
 * demo one (it already had users of its own).
 */
export function seedDemo(db: Db, lesson: Lesson | undefined, passwordHash: string): DemoLogins | null {
  const isDemo = db.transaction(
    (tx) => {
      if (tx.select().from(appMeta).where(eq(appMeta.key, DEMO_SEEDED)).get()) return true;
      // Checked inside the transaction: of two starts racing on one empty database, one seeds.
      if (tx.select({ id: users.id }).from(users).limit(1).get()) return false;
      if (!lesson) throw new Error("The demo needs a lesson in content/lessons");
      const instructor = insertUser(tx, { ...DEMO_INSTRUCTOR, passwordHash, role: "instructor" });
      const cls = createClass(tx, instructor.id, DEMO_CLASS_NAME);
      const students = DEMO_STUDENTS.map((student) => {
        const user = insertUser(tx, { ...student, passwordHash, role: "student" });
        tx.insert(enrollments).values({ classId: cls.id, studentId: user.id }).run();
        return user;
      });
      const dueAt = Date.now() + 7 * 24 * 60 * 60 * 1000;
      const assignment = createAssignment(tx, instructor.id, { classId: cls.id, lesson, dueAt })!;
      seedDemoAttempts(tx, assignment.id, lesson, students);
      markSetupComplete(tx);
      tx.insert(appMeta).values({ key: DEMO_SEEDED, value: String(Date.now()) }).run();
      return true;
    },
    { behavior: "immediate" },
  );
  if (!isDemo) return null;
  const cls = db.select().from(classes).where(eq(classes.name, DEMO_CLASS_NAME)).get();
  return {
    instructor: DEMO_INSTRUCTOR.username,
    students: DEMO_STUDENTS.map((s) => s.username),
    password: DEMO_PASSWORD,
    className: cls?.name ?? "",
    joinCode: cls?.joinCode ?? "",
  };
}

/** A believable answer to a question: right when `right`, otherwise a plausible mistake. */
function demoAnswer(question: Question, right: boolean): unknown {
  switch (question.type) {
    case "single": {
      const choice = question.choices.find((c) => c.correct === right) ?? question.choices[0]!;
      return { choice: choice.id };
    }
    case "multiple": {
      const correct = question.choices.filter((c) => c.correct).map((c) => c.id);
      return { choices: right ? correct : correct.slice(0, 1) };
    }
    case "truefalse":
      return { value: right ? question.answer : !question.answer };
    case "evidence":
      return { sentences: right ? question.key : question.key.slice(0, 1) };
    case "short":
      return { text: right ? question.sampleAnswer : "I think it is because the talks failed, but I am not sure why." };
  }
}

/** Two students submitted (one strong, one mixed), one part-way through a draft, one not started. */
function seedDemoAttempts(db: Queryable, assignmentId: number, lesson: Lesson, students: { id: number }[]) {
  const questions = lesson.excerpts.flatMap((x) => x.questions);
  const debate = lesson.debates[0];
  const [strong, mixed, drafting] = students;
  const answers = (rightEvery: number, upTo = questions.length) =>
    Object.fromEntries(questions.slice(0, upTo).map((q, i) => [q.id, demoAnswer(q, i % rightEvery !== rightEvery - 1)]));
  const firstSentence = lesson.excerpts[0]!.sentences[0]!.id;
  if (strong) {
    submitAttempt(db, strong.id, assignmentId, {
      ...answers(6),
      ...(debate && { [debate.id]: { stance: 4, argument: "The text shows small, reciprocal steps build the trust a big deal needs.", citations: [firstSentence] } }),
    });
  }
  if (mixed) submitAttempt(db, mixed.id, assignmentId, answers(2));
  if (drafting) saveDraftAnswers(db, drafting.id, assignmentId, answers(3, 5));
}
