import { randomInt } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Lesson, Question } from "@/lib/content/schema";
import type { Database } from "./database";
import { createAssignment } from "./queries/assignments";
import { saveDraftAnswers, submitAttempt } from "./queries/attempts";
import { createClass } from "./queries/classes";
import { castVote, createPost } from "./queries/debate-posts";
import { advanceDebate, formDebateGroups, joinDebate, listGroups, recordPoll, startDebate } from "./queries/debates";
import { insertUser, markSetupComplete, type PublicUser } from "./queries/users";

/*
 * The demo accounts' password is made up for each demo database, never a default anyone can look up: a
 * deployment that forgot COLLOQUY_DEMO=off, or a classroom trying the demo, must not have an instructor
 * account every reader of the README can sign in to. It is kept in app_meta so that every start prints
 * it (only the person running the server sees it). A demo seeded before then had a fixed one: its accounts
 * still on it are given a password of their own at the next start (replaceEarlierDemoPassword).
 */
const DEMO_PASSWORD_KEY = "demo_password";
export const EARLIER_DEMO_PASSWORD = "colloquy-demo";
const PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789";

/** A password for a new demo: three groups of four letters and digits (no 0/o, 1/l/i), easy to read out and type. */
export function newDemoPassword(): string {
  const group = () => Array.from({ length: 4 }, () => PASSWORD_LETTERS[randomInt(PASSWORD_LETTERS.length)]).join("");
  return `${group()}-${group()}-${group()}`;
}

export const DEMO_INSTRUCTOR = { username: "demo.teacher", displayName: "Ms. Rivera (demo)" };
export const DEMO_STUDENTS = [
  { username: "demo.amara", displayName: "Amara Okafor" },
  { username: "demo.ben", displayName: "Ben Castillo" },
  { username: "demo.chloe", displayName: "Chloé Martin" },
  { username: "demo.dev", displayName: "Dev Patel" },
];

const DEMO_SEEDED = "demo_seeded_at";
const DEMO_CLASS_NAME = "World Affairs — Period 3 (demo)";

/** `password` is null for a demo seeded before demo passwords were kept (see replaceEarlierDemoPassword). */
export type DemoLogins = { instructor: string; students: string[]; password: string | null; className: string; joinCode: string };

/**
 * Seeds the demo (an instructor, a class with the first lesson assigned, a few students) into an empty
 * database, once. Returns the logins whenever the demo is present, or null when this database is not a
 * demo one (it already had users of its own).
 */
export async function seedDemo(db: Database, lesson: Lesson | undefined, password: { plain: string; hash: string }): Promise<DemoLogins | null> {
  const passwordHash = password.hash;
  const isDemo = await db.transaction(async (tx) => {
    const { appMeta, enrollments, users } = tx.t;
    // The app_meta key is claimed first, and is the lock: of two starts racing on one empty database, one
    // seeds. On PostgreSQL the second start's insert waits for the first to commit, then conflicts: the demo
    // is there.
    const claimed = await tx.get(tx.q.insert(appMeta).values({ key: DEMO_SEEDED, value: String(Date.now()) }).onConflictDoNothing().returning());
    if (!claimed) return true;
    if (await tx.get(tx.q.select({ id: users.id }).from(users).limit(1))) {
      await tx.run(tx.q.delete(appMeta).where(eq(appMeta.key, DEMO_SEEDED)));
      return false;
    }
    if (!lesson) throw new Error("The demo needs a lesson in content/lessons");
    const instructor = await insertUser(tx, { ...DEMO_INSTRUCTOR, passwordHash, role: "instructor" });
    const cls = await createClass(tx, instructor.id, DEMO_CLASS_NAME);
    const students: PublicUser[] = [];
    for (const student of DEMO_STUDENTS) {
      const user = await insertUser(tx, { ...student, passwordHash, role: "student" });
      await tx.run(tx.q.insert(enrollments).values({ classId: cls.id, studentId: user.id }));
      students.push(user);
    }
    const dueAt = Date.now() + 7 * 24 * 60 * 60 * 1000;
    const assignment = (await createAssignment(tx, instructor.id, { classId: cls.id, lesson, dueAt }))!;
    await seedDemoAttempts(tx, assignment.id, lesson, students);
    await seedDemoDebate(tx, instructor.id, assignment.id, lesson, students);
    await tx.run(tx.q.insert(appMeta).values({ key: DEMO_PASSWORD_KEY, value: password.plain }));
    await markSetupComplete(tx);
    return true;
  });
  if (!isDemo) return null;
  const { appMeta, classes } = db.t;
  const cls = await db.get(db.q.select().from(classes).where(eq(classes.name, DEMO_CLASS_NAME)));
  const kept = await db.get(db.q.select().from(appMeta).where(eq(appMeta.key, DEMO_PASSWORD_KEY)));
  return {
    instructor: DEMO_INSTRUCTOR.username,
    students: DEMO_STUDENTS.map((s) => s.username),
    password: kept?.value ?? null,
    className: cls?.name ?? "",
    joinCode: cls?.joinCode ?? "",
  };
}

/**
 * For a demo seeded with the earlier fixed password: the demo accounts still on it get `password` (the ones
 * whose password was changed keep theirs), and it is kept for later starts. `stillEarlier` tells whether a
 * stored hash is of the fixed password (argon2: checked before the transaction). Of two starts doing this
 * at once, one does it; the password kept is returned either way.
 */
export async function replaceEarlierDemoPassword(
  db: Database,
  password: { plain: string; hash: string },
  stillEarlier: (passwordHash: string) => Promise<boolean>,
): Promise<string> {
  const { appMeta, users } = db.t;
  const demo = [DEMO_INSTRUCTOR, ...DEMO_STUDENTS].map((u) => u.username);
  const accounts = await db.all(db.q.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(inArray(users.username, demo)));
  const onEarlier: number[] = [];
  for (const account of accounts) if (await stillEarlier(account.passwordHash)) onEarlier.push(account.id);
  await db.transaction(async (tx) => {
    const claimed = await tx.get(tx.q.insert(appMeta).values({ key: DEMO_PASSWORD_KEY, value: password.plain }).onConflictDoNothing().returning());
    if (claimed && onEarlier.length > 0) await tx.run(tx.q.update(users).set({ passwordHash: password.hash }).where(inArray(users.id, onEarlier)));
  });
  return (await db.get(db.q.select().from(appMeta).where(eq(appMeta.key, DEMO_PASSWORD_KEY))))!.value;
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
async function seedDemoAttempts(db: Database, assignmentId: number, lesson: Lesson, students: { id: number }[]): Promise<void> {
  const questions = lesson.excerpts.flatMap((x) => x.questions);
  const debate = lesson.debates[0];
  const [strong, mixed, drafting] = students;
  const answers = (rightEvery: number, upTo = questions.length) =>
    Object.fromEntries(questions.slice(0, upTo).map((q, i) => [q.id, demoAnswer(q, i % rightEvery !== rightEvery - 1)]));
  const firstSentence = lesson.excerpts[0]!.sentences[0]!.id;
  if (strong) {
    await submitAttempt(db, strong.id, assignmentId, {
      ...answers(6),
      ...(debate && { [debate.id]: { stance: 4, argument: "The text shows small, reciprocal steps build the trust a big deal needs.", citations: [firstSentence] } }),
    });
  }
  if (mixed) await submitAttempt(db, mixed.id, assignmentId, answers(2));
  if (drafting) await saveDraftAnswers(db, drafting.id, assignmentId, answers(3, 5));
}

/**
 * A finished live debate on the lesson's first prompt, so the demo shows results and a transcript: four
 * students in two groups, three rounds of posts citing the text, votes, and polls before and after.
 */
async function seedDemoDebate(db: Database, instructorId: number, assignmentId: number, lesson: Lesson, students: { id: number }[]): Promise<void> {
  const debate = lesson.debates[0];
  if (!debate || students.length < 4) return;
  const started = await startDebate(db, instructorId, assignmentId, debate.id);
  if (started.status !== "started") return;
  const sessionId = started.session.id;
  const sentence = (pattern: RegExp) => {
    const all = lesson.excerpts.flatMap((x) => x.sentences);
    return (all.find((s) => pattern.test(s.text)) ?? all[0]!).id;
  };
  const before = [5, 4, 2, 1];
  const after = [4, 4, 3, 1];
  for (const [i, student] of students.slice(0, 4).entries()) {
    await joinDebate(db, student.id, sessionId);
    await recordPoll(db, student.id, sessionId, "pre", before[i]!, 3 + (i % 2));
  }
  await formDebateGroups(db, instructorId, sessionId, { groups: 2, mode: "mixed", opposite: false });
  const groups = await listGroups(db, sessionId);
  const side = (s: "for" | "against") => groups.find((g) => g.side === s)!;
  const [pro1, pro2] = side("for").members.map((m) => m.studentId);
  const [con1, con2] = side("against").members.map((m) => m.studentId);
  if (!pro1 || !pro2 || !con1 || !con2) return;
  let clock = Date.now() - 45 * 60_000;
  const say = async (author: number, kind: "claim" | "rebuttal" | "question", body: string, cite: RegExp[] = [], replyTo: number | null = null) => {
    const group = groups.find((g) => g.members.some((m) => m.studentId === author))!;
    const result = await createPost(db, author, sessionId, { groupId: group.id, kind, replyToId: replyTo, body, sentenceIds: cite.map(sentence) }, (clock += 45_000));
    return result.status === "posted" ? result.post.id : null;
  };
  await advanceDebate(db, instructorId, sessionId, null, clock);
  const p1 = await say(pro1, "claim", "Small deals build the trust a big deal needs: the author calls for agreements that make momentum irreversible.", [/incremental, reciprocal/]);
  const c1 = await say(con1, "claim", "Sanctions brought Kim to the table. Giving them up step by step throws away the only leverage that worked.", [/crippling sanctions/]);
  await say(pro2, "claim", "All-or-nothing is what collapsed Hanoi.", [/all-or-nothing approach/]);
  await advanceDebate(db, instructorId, sessionId, null, (clock += 60_000));
  const r1 = await say(con2, "rebuttal", "Trust is not enough if North Korea can pocket each step and stop; that is why verification has to come first.", [], p1);
  await say(pro1, "rebuttal", "The text says the sanctions were not enough on their own: China kept trading, and Kim came anyway because of Moon's diplomacy.", [/China continues to trade/], c1);
  await say(con1, "question", "What would the United States get in the first step, exactly?", [], p1);
  await advanceDebate(db, instructorId, sessionId, null, (clock += 60_000));
  await say(pro2, "claim", "Closing: a partial lifting of sanctions for real steps is a deal both sides can keep, which CVID-first never was.", [/partial lifting of sanctions/]);
  await say(con2, "claim", "Closing: without a clear end goal, incremental deals become a way to buy time.");
  for (const [voter, post] of [[pro1, r1], [pro2, c1], [con1, p1], [con2, p1]] as const) if (post) await castVote(db, voter, sessionId, post, true);
  await advanceDebate(db, instructorId, sessionId, null, (clock += 60_000));
  for (const [i, student] of students.slice(0, 4).entries()) await recordPoll(db, student.id, sessionId, "post", after[i]!, 4);
  await advanceDebate(db, instructorId, sessionId, null, (clock += 60_000));
}
