import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Lesson } from "@/lib/content/schema";
import type { Db } from "./open";
import { createAssignment } from "./queries/assignments";
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
export async function seedDemo(db: Db, lesson: Lesson | undefined): Promise<DemoLogins | null> {
  const seeded = db.select().from(appMeta).where(eq(appMeta.key, DEMO_SEEDED)).get();
  if (!seeded) {
    if (db.select({ id: users.id }).from(users).limit(1).get()) return null;
    if (!lesson) throw new Error("The demo needs a lesson in content/lessons");
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    db.transaction((tx) => {
      const instructor = insertUser(tx, { ...DEMO_INSTRUCTOR, passwordHash, role: "instructor" });
      const cls = createClass(tx, instructor.id, DEMO_CLASS_NAME);
      for (const student of DEMO_STUDENTS) {
        const user = insertUser(tx, { ...student, passwordHash, role: "student" });
        tx.insert(enrollments).values({ classId: cls.id, studentId: user.id }).run();
      }
      const dueAt = Date.now() + 7 * 24 * 60 * 60 * 1000;
      createAssignment(tx, instructor.id, { classId: cls.id, lesson, dueAt });
      markSetupComplete(tx);
      tx.insert(appMeta).values({ key: DEMO_SEEDED, value: String(Date.now()) }).run();
    });
  }
  const cls = db.select().from(classes).where(eq(classes.name, DEMO_CLASS_NAME)).get();
  return {
    instructor: DEMO_INSTRUCTOR.username,
    students: DEMO_STUDENTS.map((s) => s.username),
    password: DEMO_PASSWORD,
    className: cls?.name ?? "",
    joinCode: cls?.joinCode ?? "",
  };
}
