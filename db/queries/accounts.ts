import type { Queryable } from "../open";
import { enrollments } from "../schema";
import { findJoinableClass } from "./classes";
import { insertUser, type NewAccount, type PublicUser } from "./users";

export class BadJoinCodeError extends Error {
  constructor() {
    super("That join code does not open a class. Check it with your instructor.");
  }
}

/** A new student account enrolled in the class of a join code, both or neither. */
export function signUpStudent(
  db: Queryable,
  joinCode: string,
  account: Omit<NewAccount, "role">,
): { user: PublicUser; classId: number; className: string } {
  return db.transaction(
    (tx) => {
      const cls = findJoinableClass(tx, joinCode);
      if (!cls) throw new BadJoinCodeError();
      const user = insertUser(tx, { ...account, role: "student" });
      tx.insert(enrollments).values({ classId: cls.id, studentId: user.id }).run();
      return { user, classId: cls.id, className: cls.name };
    },
    { behavior: "immediate" },
  );
}
