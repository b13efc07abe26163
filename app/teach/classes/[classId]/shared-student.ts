/** Why an instructor cannot reset a student who is also in a colleague's class, and what to do instead. */
export const SHARED_STUDENT_RESET =
  "the student is also in another instructor’s class, and a new password would let whoever holds it into that class too. " +
  "The student can change it themselves, signed in, under “Password” at the top of the page. If they have forgotten it, talk to the other instructor: " +
  "once the student is in only one instructor’s classes, that instructor can reset it.";
