import type { Database } from "../database";
import { findJoinableClass } from "./classes";
import { insertUser, type NewAccount, type PublicUser } from "./users";

export class BadJoinCodeError extends Error {
  constructor() {
    super("That join code does not open a class. Check it with your instructor.");
  }
}

/** A new student account enrolled in the class of a join code, both or neither. */
export function signUpStudent(db: Database, joinCode: string, account: Omit<NewAccount, "role">): Promise<{ user: PublicUser; classId: number; className: string }> {
  return db.transaction(async (tx) => {
    const cls = await findJoinableClass(tx, joinCode);
    if (!cls) throw new BadJoinCodeError();
    const user = await insertUser(tx, { ...account, role: "student" });
    await tx.run(tx.q.insert(tx.t.enrollments).values({ classId: cls.id, studentId: user.id }));
    return { user, classId: cls.id, className: cls.name };
  });
}
