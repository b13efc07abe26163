import { submitAttempt } from "@/db/queries/attempts";
import { createAssignment, setExtension, unassign } from "@/db/queries/assignments";
import { createLesson } from "@/db/queries/lessons";
import { addCoTeacher } from "@/db/queries/classes";
import { lessonToDraft } from "@/lib/authoring/draft";
import { createPost } from "@/db/queries/debate-posts";
import { advanceDebate, formDebateGroups, joinDebate, listGroups, startDebate } from "@/db/queries/debates";
import { getReadingPrefs, type PublicUser } from "@/db/queries/users";
import { and, eq } from "drizzle-orm";
import { enroll, lessonOne, PASSWORD, seedClass, seedUser, testDb, uniqueName } from "./fixtures";
import { FORM, type FormFields } from "./http";
import { lessonToYaml } from "@/lib/content/export";

/*
 * Who may use which door of the app. Every page, route handler method and server action in app/ has a
 * row here (e2e/access-matrix.spec.ts fails on one that has not), saying for each of five people what
 * they get (a co-teacher gets what the owner gets, but for deleting the class, managing its co-teachers
 * and the owner's own lessons). The spec checks each cell against the running app with a freshly seeded class.
 */

export const ROLES = ["anonymous", "student", "otherStudent", "owner", "coTeacher", "otherInstructor"] as const;
export type MatrixRole = (typeof ROLES)[number];
export const ROLE_LABEL: Record<MatrixRole, string> = {
  anonymous: "anonymous",
  student: "student of the class",
  otherStudent: "student of another class",
  owner: "owning instructor",
  coTeacher: "co-teacher of the class",
  otherInstructor: "other instructor",
};

/**
 * What a person gets:
 * - "ok": it works (a page or route answers 200; an action succeeds and changes rows);
 * - "same": an action succeeds without changing anything (e.g. joining a class one is already in);
 * - "signin": sent to sign in (a page's or action's redirect to /signin);
 * - 401 / 404: that status;
 * - "refused": an action answers with an error message of its own (the id was not theirs), changing nothing;
 * - { redirect }: a redirect to that path (a page for someone it is not meant for, e.g. /signin when signed in);
 * - { status }: any other status the door answers with on purpose.
 * Everything but "ok" must change no row.
 */
export type Outcome = "ok" | "same" | "signin" | 401 | 404 | "refused" | { redirect: string } | { status: number };
export type Row = Record<MatrixRole, Outcome>;

const everyone = (outcome: Outcome): Row => ({ anonymous: outcome, student: outcome, otherStudent: outcome, owner: outcome, coTeacher: outcome, otherInstructor: outcome });
const home: Row = { anonymous: "ok", student: { redirect: "/dashboard" }, otherStudent: { redirect: "/dashboard" }, owner: { redirect: "/teach" }, coTeacher: { redirect: "/teach" }, otherInstructor: { redirect: "/teach" } };
/** Instructor pages about the class (its owner's and its co-teachers'). */
const ownerPage: Row = { anonymous: "signin", student: 404, otherStudent: 404, owner: "ok", coTeacher: "ok", otherInstructor: 404 };
/** Instructor pages about no class in particular. */
const instructorPage: Row = { anonymous: "signin", student: 404, otherStudent: 404, owner: "ok", coTeacher: "ok", otherInstructor: "ok" };
const ownerFile: Row = { anonymous: 404, student: 404, otherStudent: 404, owner: "ok", coTeacher: "ok", otherInstructor: 404 };
/** Instructor actions on the class, its assignments or debates. */
const ownerAction: Row = { anonymous: "signin", student: 404, otherStudent: 404, owner: "ok", coTeacher: "ok", otherInstructor: "refused" };
/** Actions only the class's owner may take (deleting it, managing its co-teachers). */
const classOwnerAction: Row = { ...ownerAction, coTeacher: "refused" };
/** A private lesson is its owner's alone: co-teaching a class shares the class, not one's lessons. */
const lessonOwnerPage: Row = { ...ownerPage, coTeacher: 404 };
const lessonOwnerFile: Row = { ...ownerFile, coTeacher: 404 };
const lessonOwnerAction: Row = { ...ownerAction, coTeacher: "refused" };
/** Instructor actions about no class in particular (anyone signed in as an instructor). */
const instructorAction: Row = { anonymous: "signin", student: 404, otherStudent: 404, owner: "ok", coTeacher: "ok", otherInstructor: "ok" };
/** Student actions on the class's assignment or debate. */
const studentAction: Row = { anonymous: "signin", student: "ok", otherStudent: "refused", owner: 404, coTeacher: 404, otherInstructor: 404 };

/** The people of the matrix: the same five accounts throughout (each signed in once); every row gets its own class. */
export type Personas = { student: PublicUser; otherStudent: PublicUser; owner: PublicUser; coTeacher: PublicUser; otherInstructor: PublicUser };

export async function seedPersonas(): Promise<Personas> {
  const [owner, otherInstructor] = [await seedUser("instructor", "Owner Instructor"), await seedUser("instructor", "Other Instructor")];
  const coTeacher = await seedUser("instructor", "Co Teacher");
  const student = await seedUser("student", "Matrix Student");
  const otherStudent = await seedUser("student", "Elsewhere Student");
  // The other student's class belongs to the other instructor and has its own lesson.
  const elsewhere = await seedClass(otherInstructor, "Elsewhere class");
  await enroll(otherStudent.id, elsewhere.id);
  await createAssignment(testDb(), otherInstructor.id, { classId: elsewhere.id, lesson, dueAt: null });
  return { owner, coTeacher, otherInstructor, student, otherStudent };
}

const lesson = lessonOne();
const shortQuestion = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
export const lessonFacts = { lesson, shortQuestion, debate: lesson.debates[0]! };

export type SetOptions = {
  /** none: no debate started; lobby: students joined, no groups; grouped: groups formed; opening: the first round is on, with a post by the other group. */
  debate?: "none" | "lobby" | "grouped" | "opening";
  /** Whether the persona student has joined the debate (default yes). */
  studentJoined?: boolean;
  feedbackMode?: "immediate" | "on_release";
  /** No student work in the class (no attempt, no debate): a class that may still be deleted. */
  noWork?: boolean;
  /** The assignment unassigned (archived: the submitter has work). Only with debate "none". */
  archived?: boolean;
  /** The submitter has a due date of their own (reopened, no due date). */
  extension?: boolean;
};

/** A class of the owner with its own assignment, students (one of whom submitted) and debate session. */
export type SeedSet = {
  classId: number;
  className: string;
  joinCode: string;
  assignmentId: number;
  /** Classmates of the persona student: `submitter` submitted the lesson; `mover` can be moved between groups. */
  submitter: PublicUser;
  mover: PublicUser;
  classmates: PublicUser[];
  responseId: number;
  sessionId: number;
  /** The persona student's group, and a post of the other group (once the opening round is on). */
  groupId: number;
  otherGroupId: number;
  postId: number;
  /** A private lesson of the owner, written in the browser (unpublished, draft revision 1). */
  lessonRowId: number;
  /** Text only the owner (and this class) may see: no one else's response may contain it. */
  secrets: string[];
};

export async function seedSet(personas: Personas, options: SetOptions = {}): Promise<SeedSet> {
  const db = testDb();
  const { owner, student } = personas;
  const cls = await seedClass(owner, "Matrix class");
  if ((await addCoTeacher(db, owner.id, cls.id, personas.coTeacher.username)).status !== "added") throw new Error("addCoTeacher");
  const classmates = [];
  for (const name of ["Ada", "Bea", "Cy"]) classmates.push(await seedUser("student", `${name} ${uniqueName("secret")}`));
  await enroll(student.id, cls.id);
  for (const c of classmates) await enroll(c.id, cls.id);
  const assignment = (await createAssignment(db, owner.id, { classId: cls.id, lesson, dueAt: null, feedbackMode: options.feedbackMode ?? "immediate" }))!;
  const submitter = classmates[0]!;
  const secretAnswer = `An answer only the owner reads ${uniqueName("")}`;
  if (!options.noWork) await submitAttempt(db, submitter.id, assignment.id, { [shortQuestion.id]: { text: secretAnswer } });
  const { attempts, responses } = db.t;
  const response =
    (await db.get(
      db.q
        .select({ id: responses.id })
        .from(responses)
        .innerJoin(attempts, eq(attempts.id, responses.attemptId))
        .where(and(eq(attempts.studentId, submitter.id), eq(attempts.assignmentId, assignment.id), eq(responses.itemId, shortQuestion.id))),
    )) ?? { id: 0 };

  const privateLesson = await createLesson(db, owner.id, { ...lessonToDraft(lesson), title: `A private lesson ${uniqueName("")}` }, { keepIds: true });
  const set: SeedSet = {
    lessonRowId: privateLesson.id,
    classId: cls.id,
    className: cls.name,
    joinCode: cls.joinCode,
    assignmentId: assignment.id,
    submitter,
    mover: classmates[1]!,
    classmates,
    responseId: response.id,
    sessionId: 0,
    groupId: 0,
    otherGroupId: 0,
    postId: 0,
    secrets: [cls.name, cls.joinCode, secretAnswer, privateLesson.title, ...classmates.map((c) => c.displayName)],
  };
  const phase = options.noWork ? "none" : (options.debate ?? "grouped");
  if (options.extension) await setExtension(db, owner.id, assignment.id, submitter.id, null);
  if (options.archived) {
    if (phase !== "none") throw new Error("An archived assignment starts no debate: use debate: \"none\".");
    await unassign(db, owner.id, assignment.id);
  }
  if (phase === "none") return set;
  const started = await startDebate(db, owner.id, assignment.id, lessonFacts.debate.id);
  if (started.status !== "started") throw new Error(`startDebate: ${started.status}`);
  set.sessionId = started.session.id;
  if (options.studentJoined !== false) await joinDebate(db, student.id, set.sessionId);
  for (const c of classmates) await joinDebate(db, c.id, set.sessionId);
  if (phase === "lobby") return set;
  await formDebateGroups(db, owner.id, set.sessionId, { groups: 2, mode: "random", opposite: false });
  const groups = await listGroups(db, set.sessionId);
  const mine = groups.find((g) => g.members.some((m) => m.studentId === student.id)) ?? groups[0]!;
  const other = groups.find((g) => g.id !== mine.id)!;
  set.groupId = mine.id;
  set.otherGroupId = other.id;
  // The mover is someone in a group of two or more, so moving them never empties a group.
  set.mover = classmates.find((c) => groups.some((g) => g.members.length > 1 && g.members.some((m) => m.studentId === c.id))) ?? set.mover;
  if (phase === "grouped") return set;
  await advanceDebate(db, owner.id, set.sessionId, null);
  const author = other.members.find((m) => m.studentId !== student.id)!;
  const post = await createPost(db, author.studentId, set.sessionId, { groupId: other.id, kind: "claim", replyToId: null, body: `A claim of the other side ${uniqueName("")}`, sentenceIds: [] });
  if (post.status !== "posted") throw new Error(`createPost: ${post.status}`);
  set.postId = post.post.id;
  return set;
}

type Params = Record<string, string | number>;

export type PageRow = {
  kind: "page";
  params?: (s: SeedSet, p: Personas) => Params;
  set?: SetOptions;
  /** The join link names the class its code opens, to whoever has the code (the code is the invitation). */
  namesClass?: boolean;
  expect: Row;
};
export type RouteRow = {
  kind: "route";
  params?: (s: SeedSet, p: Personas) => Params;
  /** Sub-paths of a catch-all, or query strings, appended to the filled route. */
  suffix?: string;
  body?: (s: SeedSet) => unknown;
  stream?: boolean;
  set?: SetOptions;
  expect: Row;
};
export type ActionRow = {
  kind: "action";
  /** The page to post to (default: the first page the manifest lists for the action). */
  page?: string;
  params?: (s: SeedSet, p: Personas) => Params;
  /** The action's arguments: bound values first, then the previous state, then FORM for the form data. */
  args?: (s: SeedSet) => unknown[];
  /** The form's fields (async: some read the database). */
  form: (s: SeedSet, p: Personas, role: MatrixRole) => FormFields | Promise<FormFields>;
  set?: SetOptions;
  /** It signs someone in (replacing the caller's session): the spec puts the caller's cookies back. */
  signsIn?: boolean;
  /** Success makes the caller a member of the class, so they may then see its name. */
  joinsClass?: boolean;
  expect: Row;
};
export type MatrixRow = PageRow | RouteRow | ActionRow;

const idle = { status: "idle" };
const formArgs = () => [idle, FORM];
const classIds = (s: SeedSet) => ({ classId: s.classId, assignmentId: s.assignmentId });

/** Keyed as the spec finds them: a page's file, "METHOD file" for a route handler, "file#export" for an action. */
export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  // ── Pages ────────────────────────────────────────────────────────────────────────────────────────────
  "app/page.tsx": { kind: "page", expect: home },
  // A first visit (no cookies yet) goes through next-auth's cookie check before the form is shown.
  "app/signin/page.tsx": { kind: "page", expect: { ...home, anonymous: { redirect: "/api/auth/signin?" } } },
  "app/signout/page.tsx": { kind: "page", expect: { anonymous: { redirect: "/signin?signedOut=1" }, student: "ok", otherStudent: "ok", owner: "ok", coTeacher: "ok", otherInstructor: "ok" } },
  "app/setup/page.tsx": { kind: "page", expect: everyone("ok") },
  "app/join/page.tsx": { kind: "page", expect: everyone("ok") },
  "app/join/[code]/page.tsx": { kind: "page", params: (s) => ({ code: s.joinCode }), namesClass: true, expect: everyone("ok") },
  "app/account/password/page.tsx": { kind: "page", expect: { ...everyone("ok"), anonymous: "signin" } },
  "app/dashboard/page.tsx": { kind: "page", expect: { anonymous: "signin", student: "ok", otherStudent: "ok", owner: 404, coTeacher: 404, otherInstructor: 404 } },
  "app/assignments/[assignmentId]/page.tsx": {
    kind: "page",
    params: (s) => ({ assignmentId: s.assignmentId }),
    expect: { anonymous: "signin", student: "ok", otherStudent: 404, owner: 404, coTeacher: 404, otherInstructor: 404 },
  },
  "app/debates/[debateId]/page.tsx": {
    kind: "page",
    params: (s) => ({ debateId: s.sessionId }),
    expect: { anonymous: "signin", student: "ok", otherStudent: 404, owner: 404, coTeacher: 404, otherInstructor: 404 },
  },
  "app/teach/page.tsx": { kind: "page", expect: instructorPage },
  "app/teach/instructors/page.tsx": { kind: "page", expect: instructorPage },
  "app/teach/lessons/page.tsx": { kind: "page", expect: instructorPage },
  "app/teach/lessons/new/page.tsx": { kind: "page", expect: instructorPage },
  // A lesson written in the browser is its owner's until shared (a built-in lesson is every instructor's).
  "app/teach/lessons/[lessonId]/page.tsx": { kind: "page", params: (s) => ({ lessonId: s.lessonRowId }), expect: lessonOwnerPage },
  "app/teach/lessons/[lessonId]/edit/page.tsx": { kind: "page", params: (s) => ({ lessonId: s.lessonRowId }), expect: lessonOwnerPage },
  "app/teach/lessons/[lessonId]/preview/page.tsx": { kind: "page", params: (s) => ({ lessonId: s.lessonRowId }), expect: lessonOwnerPage },
  "app/teach/lessons/[lessonId]/print/page.tsx": { kind: "page", params: (s) => ({ lessonId: s.lessonRowId }), expect: lessonOwnerPage },
  "app/teach/classes/[classId]/page.tsx": { kind: "page", params: classIds, expect: ownerPage },
  "app/teach/classes/[classId]/import/page.tsx": { kind: "page", params: classIds, expect: ownerPage },
  "app/teach/classes/[classId]/assignments/[assignmentId]/page.tsx": { kind: "page", params: classIds, expect: ownerPage },
  "app/teach/classes/[classId]/assignments/[assignmentId]/grade/page.tsx": { kind: "page", params: classIds, expect: ownerPage },
  "app/teach/classes/[classId]/assignments/[assignmentId]/questions/page.tsx": { kind: "page", params: classIds, expect: ownerPage },
  "app/teach/classes/[classId]/assignments/[assignmentId]/print/page.tsx": { kind: "page", params: classIds, expect: ownerPage },
  "app/teach/classes/[classId]/assignments/[assignmentId]/students/[studentId]/page.tsx": {
    kind: "page",
    params: (s) => ({ ...classIds(s), studentId: s.submitter.id }),
    expect: ownerPage,
  },
  "app/teach/debates/[debateId]/page.tsx": { kind: "page", params: (s) => ({ debateId: s.sessionId }), expect: ownerPage },
  "app/teach/debates/[debateId]/projector/page.tsx": { kind: "page", params: (s) => ({ debateId: s.sessionId }), expect: ownerPage },

  // ── Route handlers ───────────────────────────────────────────────────────────────────────────────────
  "GET app/api/health/route.ts": { kind: "route", expect: everyone("ok") },
  "GET app/api/auth/[...nextauth]/route.ts": { kind: "route", params: () => ({ nextauth: "session" }), expect: everyone("ok") },
  // Without the sign-in page's CSRF token a sign-in post is sent back to the form (lib/auth/sign-in.ts), for everyone alike.
  "POST app/api/auth/[...nextauth]/route.ts": {
    kind: "route",
    params: () => ({ nextauth: "callback" }),
    suffix: "/credentials",
    body: () => ({ username: "nobody", password: "nothing" }),
    expect: everyone({ status: 303 }),
  },
  "PUT app/api/assignments/[assignmentId]/draft/route.ts": {
    kind: "route",
    params: (s) => ({ assignmentId: s.assignmentId }),
    body: () => ({ answers: { [shortQuestion.id]: { text: "A draft" } } }),
    expect: { anonymous: 401, student: "ok", otherStudent: 404, owner: 404, coTeacher: 404, otherInstructor: 404 },
  },
  "GET app/api/debates/[debateId]/events/route.ts": {
    kind: "route",
    stream: true,
    params: (s) => ({ debateId: s.sessionId }),
    expect: { anonymous: 404, student: "ok", otherStudent: 404, owner: "ok", coTeacher: "ok", otherInstructor: 404 },
  },
  "GET app/api/live/route.ts": { kind: "route", stream: true, expect: { anonymous: 404, student: "ok", otherStudent: "ok", owner: 404, coTeacher: 404, otherInstructor: 404 } },
  "GET app/teach/classes/[classId]/assignments/[assignmentId]/export/[file]/route.ts": {
    kind: "route",
    params: (s) => ({ ...classIds(s), file: "responses.csv" }),
    expect: ownerFile,
  },
  "GET app/teach/debates/[debateId]/export/[file]/route.ts": { kind: "route", params: (s) => ({ debateId: s.sessionId, file: "transcript.json" }), expect: ownerFile },

  "GET app/teach/lessons/[lessonId]/export/route.ts": { kind: "route", params: (s) => ({ lessonId: s.lessonRowId }), expect: lessonOwnerFile },

  // ── Server actions ───────────────────────────────────────────────────────────────────────────────────
  "app/account/password/actions.ts#changePassword": {
    kind: "action",
    args: formArgs,
    // The same password again, so the account still signs in later. The old session ends and the reply
    // carries the new cookie, which the caller's context keeps.
    form: () => [["currentPassword", PASSWORD], ["password", PASSWORD], ["confirmPassword", PASSWORD]],
    expect: { ...everyone("ok"), anonymous: "signin" },
  },
  // A student's own reading settings, from the lesson or debate page. The form flips the saved theme, so an
  // allowed save always changes the row. In the background, so signed out it says so instead of leaving the page.
  "app/account/reading/actions.ts#saveReadingPrefsAction": {
    kind: "action",
    params: (s) => ({ assignmentId: s.assignmentId }),
    page: "/assignments/[assignmentId]",
    args: formArgs,
    form: async (_s, p, role) => {
      const saved = await getReadingPrefs(testDb(), role === "otherStudent" ? p.otherStudent.id : p.student.id);
      return [["size", "large"], ["spacing", "wide"], ["theme", saved.theme === "contrast" ? "standard" : "contrast"], ["font", "readable"]];
    },
    expect: { anonymous: "refused", student: "ok", otherStudent: "ok", owner: 404, coTeacher: 404, otherInstructor: 404 },
  },
  "app/setup/actions.ts#setUpFirstInstructor": {
    kind: "action",
    args: formArgs,
    form: () => [["displayName", "Late Admin"], ["username", uniqueName("admin")], ["password", "a long new password"]],
    signsIn: true,
    // Setup closes once an instructor exists (the first-run spec made one): for everyone, a message.
    expect: everyone("refused"),
  },
  "app/join/actions.ts#signUpWithCode": {
    kind: "action",
    args: formArgs,
    form: (s) => [["code", s.joinCode], ["displayName", "New Joiner"], ["username", uniqueName("joiner")], ["password", "a long new password"]],
    page: "/join",
    signsIn: true,
    joinsClass: true,
    // Public: a join code is all it takes, whoever asks.
    expect: everyone("ok"),
  },
  "app/join/actions.ts#joinWithCode": {
    kind: "action",
    args: formArgs,
    page: "/join",
    form: (s) => [["code", s.joinCode]],
    joinsClass: true,
    expect: { anonymous: "signin", student: "same", otherStudent: "ok", owner: 404, coTeacher: 404, otherInstructor: 404 },
  },
  "app/assignments/[assignmentId]/actions.ts#saveOrSubmitLesson": {
    kind: "action",
    params: (s) => ({ assignmentId: s.assignmentId }),
    args: (s) => [s.assignmentId, idle, FORM],
    form: () => [["intent", "save"], [`q:${shortQuestion.id}`, "A saved draft"]],
    expect: studentAction,
  },
  // A preview scores the answers in memory and stores nothing, for any instructor.
  "app/teach/lessons/[lessonId]/preview/actions.tsx#previewLessonAction": {
    kind: "action",
    params: (s) => ({ lessonId: s.lessonRowId }),
    args: (s) => [String(s.lessonRowId), idle, FORM],
    form: () => [["intent", "submit-confirmed"], [`q:${shortQuestion.id}`, "A previewed answer"]],
    // Scored in memory: nothing is stored, for the owner either. A colleague may not preview a private lesson.
    expect: { anonymous: "signin", student: 404, otherStudent: 404, owner: "same", coTeacher: "refused", otherInstructor: "refused" },
  },
  "app/debates/[debateId]/actions.ts#joinDebateAction": {
    kind: "action",
    params: (s) => ({ debateId: s.sessionId }),
    args: formArgs,
    form: (s) => [["sessionId", String(s.sessionId)]],
    set: { debate: "lobby", studentJoined: false },
    expect: studentAction,
  },
  "app/debates/[debateId]/actions.ts#pollAction": {
    kind: "action",
    params: (s) => ({ debateId: s.sessionId }),
    args: formArgs,
    form: (s) => [["sessionId", String(s.sessionId)], ["phase", "pre"], ["stance", "2"], ["confidence", "4"]],
    set: { debate: "lobby" },
    expect: studentAction,
  },
  "app/debates/[debateId]/actions.ts#postAction": {
    kind: "action",
    params: (s) => ({ debateId: s.sessionId }),
    args: formArgs,
    form: (s) => [["sessionId", String(s.sessionId)], ["groupId", String(s.groupId)], ["kind", "claim"], ["replyTo", ""], ["body", "My claim."]],
    set: { debate: "opening" },
    expect: studentAction,
  },
  "app/debates/[debateId]/actions.ts#voteAction": {
    kind: "action",
    params: (s) => ({ debateId: s.sessionId }),
    args: formArgs,
    form: (s) => [["sessionId", String(s.sessionId)], ["postId", String(s.postId)], ["give", "1"]],
    set: { debate: "opening" },
    expect: studentAction,
  },
  "app/teach/actions.ts#createClassAction": {
    kind: "action",
    page: "/teach",
    args: formArgs,
    form: () => [["name", `Matrix new class ${uniqueName("")}`]],
    expect: instructorAction,
  },
  "app/teach/actions.ts#addInstructorAction": {
    kind: "action",
    page: "/teach/instructors",
    args: formArgs,
    form: () => [["displayName", "Added Colleague"], ["username", uniqueName("colleague")], ["password", "a long new password"]],
    // Any instructor may add a colleague (PRODUCT.md: instructors are equals).
    expect: instructorAction,
  },
  "app/teach/actions.ts#assignLessonAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    // The set's class has the lesson already: the second step (confirmDuplicate) assigns it again.
    form: (s) => [
      ["classId", String(s.classId)],
      ["lessonId", lesson.id],
      ["feedbackMode", "immediate"],
      ["latePolicy", "accept"],
      ["dueAt", ""],
      ["instructions", "Read closely."],
      ["confirmDuplicate", lesson.id],
    ],
    expect: ownerAction,
  },
  "app/teach/lessons/actions.ts#createLessonAction": {
    kind: "action",
    page: "/teach/lessons/new",
    args: formArgs,
    form: () => [["title", "A pasted text"], ["text", "One paragraph. Two sentences.\n\nAnother paragraph."]],
    expect: { ...instructorAction, otherInstructor: "ok" },
  },
  "app/teach/lessons/actions.ts#importLessonAction": {
    kind: "action",
    page: "/teach/lessons/new",
    args: formArgs,
    form: () => [["file", { name: "lesson.yaml", type: "application/yaml", body: Buffer.from(lessonToYaml(lesson)) }]],
    expect: { ...instructorAction, otherInstructor: "ok" },
  },
  "app/teach/lessons/actions.ts#duplicateLessonAction": {
    kind: "action",
    page: "/teach/lessons/[lessonId]",
    params: (s) => ({ lessonId: s.lessonRowId }),
    args: formArgs,
    form: (s) => [["lesson", String(s.lessonRowId)]],
    expect: lessonOwnerAction,
  },
  "app/teach/lessons/actions.ts#setSharingAction": {
    kind: "action",
    page: "/teach/lessons/[lessonId]",
    params: (s) => ({ lessonId: s.lessonRowId }),
    args: formArgs,
    form: (s) => [["lessonId", String(s.lessonRowId)], ["sharing", "shared"]],
    expect: lessonOwnerAction,
  },
  "app/teach/lessons/[lessonId]/edit/actions.ts#saveLessonDraftAction": {
    kind: "action",
    page: "/teach/lessons/[lessonId]/edit",
    params: (s) => ({ lessonId: s.lessonRowId }),
    args: (s) => [s.lessonRowId, 1, JSON.stringify({ ...lessonToDraft(lesson), title: "Saved by the matrix" })],
    form: () => [],
    // Called in the background, it never redirects to sign in (the page would lose its unsaved changes).
    expect: { anonymous: "refused", student: "refused", otherStudent: "refused", owner: "ok", coTeacher: "refused", otherInstructor: "refused" },
  },
  "app/teach/lessons/[lessonId]/edit/actions.ts#publishLessonAction": {
    kind: "action",
    page: "/teach/lessons/[lessonId]/edit",
    params: (s) => ({ lessonId: s.lessonRowId }),
    args: (s) => [s.lessonRowId, 1],
    form: () => [],
    expect: lessonOwnerAction,
  },
  "app/teach/lessons/[lessonId]/edit/import-actions.ts#importQuestionsAction": {
    kind: "action",
    page: "/teach/lessons/[lessonId]/edit",
    params: (s) => ({ lessonId: s.lessonRowId }),
    args: (s) => [s.lessonRowId, FORM],
    form: () => [["format", "aiken"], ["text", "Which is a fruit?\nA. Apple\nB. Stone\nANSWER: A\n"]],
    // It reads questions for the editor and stores nothing.
    expect: { ...lessonOwnerAction, owner: "same" },
  },
  "app/teach/actions.ts#releaseFeedbackAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]/assignments/[assignmentId]",
    args: formArgs,
    // As sent from the confirmation (any answers still ungraded were shown and released anyway).
    form: (s) => [["assignmentId", String(s.assignmentId)], ["ungradedSeen", "1000"]],
    set: { feedbackMode: "on_release", debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/actions.ts#resetPasswordAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["studentId", String(s.submitter.id)]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  // Lifting a sign-in lock changes only login_throttle, which the checksum leaves out (its counters move on any sign-in).
  "app/teach/classes/[classId]/actions.ts#unlockSignInAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["studentId", String(s.submitter.id)]],
    set: { debate: "none" },
    expect: { ...ownerAction, owner: "same", coTeacher: "same" },
  },
  "app/teach/classes/[classId]/actions.ts#withdrawAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["studentId", String(s.submitter.id)], ["status", "withdrawn"]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/actions.ts#joinCodeAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["intent", "regenerate"]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/class-actions.ts#renameClassAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["name", `Renamed ${uniqueName("")}`]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/class-actions.ts#archiveClassAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["intent", "archive"]],
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/class-actions.ts#deleteClassAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["confirmDelete", "yes"]],
    set: { noWork: true },
    expect: classOwnerAction,
  },
  "app/teach/classes/[classId]/class-actions.ts#addCoTeacherAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s, p) => [["classId", String(s.classId)], ["username", p.otherInstructor.username]],
    set: { debate: "none" },
    expect: classOwnerAction,
  },
  // The owner removes the co-teacher; the co-teacher may remove themselves (leave the class).
  "app/teach/classes/[classId]/class-actions.ts#removeCoTeacherAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]",
    args: formArgs,
    form: (s, p) => [["classId", String(s.classId)], ["instructorId", String(p.coTeacher.id)]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/import/actions.ts#importRosterAction": {
    kind: "action",
    params: classIds,
    args: (s) => [s.classId, idle, FORM],
    // The confirming step creates the accounts; the preview before it (intent=preview) stores nothing (e2e/import.spec.ts).
    form: () => [["intent", "create"], ["csv", `display name,username,password\nImported Ivy,${uniqueName("ivy")},a long new password\n`]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/assignments/[assignmentId]/grade/actions.ts#saveGrade": {
    kind: "action",
    params: classIds,
    args: formArgs,
    form: (s) => [
      ["classId", String(s.classId)],
      ["assignmentId", String(s.assignmentId)],
      ["responseId", String(s.responseId)],
      ["version", "0"],
      ["score", "1"],
      ["comment", "Good."],
    ],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#updateAssignmentAction": {
    kind: "action",
    params: classIds,
    args: formArgs,
    form: (s) => [
      ["classId", String(s.classId)],
      ["assignmentId", String(s.assignmentId)],
      ["dueAt", "2031-05-01T09:30"],
      ["latePolicy", "close"],
      ["feedbackMode", "on_release"],
      ["instructions", "Read excerpt 2 twice."],
    ],
    set: { debate: "none" },
    expect: ownerAction,
  },
  // Second step of the confirmation: the set's assignment has the submitter's work, so it is archived.
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#unassignAction": {
    kind: "action",
    params: classIds,
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["assignmentId", String(s.assignmentId)], ["confirm", "archive"]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#restoreAssignmentAction": {
    kind: "action",
    params: classIds,
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["assignmentId", String(s.assignmentId)]],
    set: { debate: "none", archived: true },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#setExtensionAction": {
    kind: "action",
    params: classIds,
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["assignmentId", String(s.assignmentId)], ["studentId", String(s.submitter.id)], ["dueAt", "2031-05-01T09:30"]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#removeExtensionAction": {
    kind: "action",
    params: classIds,
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["assignmentId", String(s.assignmentId)], ["studentId", String(s.submitter.id)]],
    set: { debate: "none", extension: true },
    expect: ownerAction,
  },
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#returnAttemptAction": {
    kind: "action",
    params: (s) => ({ ...classIds(s), studentId: s.submitter.id }),
    page: "/teach/classes/[classId]/assignments/[assignmentId]/students/[studentId]",
    args: formArgs,
    form: (s) => [["classId", String(s.classId)], ["assignmentId", String(s.assignmentId)], ["studentId", String(s.submitter.id)], ["note", "Cite the text."]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/debates/actions.ts#startDebateAction": {
    kind: "action",
    params: classIds,
    page: "/teach/classes/[classId]/assignments/[assignmentId]",
    args: formArgs,
    form: (s) => [["assignmentId", String(s.assignmentId)], ["debateId", lessonFacts.debate.id]],
    set: { debate: "none" },
    expect: ownerAction,
  },
  "app/teach/debates/actions.ts#endDebateAction": debateAction((s) => [["sessionId", String(s.sessionId)]]),
  "app/teach/debates/actions.ts#formGroupsAction": debateAction((s) => [["sessionId", String(s.sessionId)], ["groups", "2"], ["mode", "random"]], { debate: "lobby" }),
  "app/teach/debates/actions.ts#advanceDebateAction": debateAction((s) => [["sessionId", String(s.sessionId)], ["from", "lobby"], ["timer", ""]]),
  "app/teach/debates/actions.ts#timerAction": debateAction((s) => [["sessionId", String(s.sessionId)], ["change", "set"], ["minutes", "5"]], { debate: "opening" }),
  "app/teach/debates/actions.ts#hidePostAction": debateAction((s) => [["sessionId", String(s.sessionId)], ["postId", String(s.postId)], ["hide", "1"]], { debate: "opening" }),
  "app/teach/debates/actions.ts#anonymousAction": debateAction((s) => [["sessionId", String(s.sessionId)], ["anonymous", "1"]]),
  "app/teach/debates/actions.ts#moveStudentAction": debateAction((s) => [["sessionId", String(s.sessionId)], ["studentId", String(s.mover.id)], ["groupId", "__other__"]]),
};

/** An instructor's action on the debate control page. "__other__" stands for the group the mover is not in. */
function debateAction(form: (s: SeedSet) => FormFields, set: SetOptions = { debate: "grouped" }): ActionRow {
  return {
    kind: "action",
    page: "/teach/debates/[debateId]",
    params: (s) => ({ debateId: s.sessionId }),
    args: formArgs,
    form: async (s) => {
      const fields = form(s);
      const other = fields.some(([, v]) => v === "__other__") ? String(await otherGroupOf(s)) : "";
      return fields.map(([k, v]) => [k, v === "__other__" ? other : v]);
    },
    set,
    expect: ownerAction,
  };
}

async function otherGroupOf(s: SeedSet): Promise<number> {
  const groups = await listGroups(testDb(), s.sessionId);
  const mine = groups.find((g) => g.members.some((m) => m.studentId === s.mover.id));
  return groups.find((g) => g.id !== mine?.id)!.id;
}
