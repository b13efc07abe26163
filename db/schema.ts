import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/* Times are unix epoch milliseconds (integer): sortable, compact, and unambiguous across time zones. */
const createdAt = () =>
  integer("created_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-case; sign-in and uniqueness are case-insensitive. */
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["instructor", "student"] }).notNull(),
    /** Bumped to end every existing session of this user (e.g. on a password reset). */
    sessionVersion: integer("session_version").notNull().default(1),
    /** Set by an instructor's reset (a temporary password): the next sign-in must choose a new one. */
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    /** A student's reading supports (lib/reading-prefs `ReadingPrefs` JSON); null: the defaults. */
    readingPrefs: text("reading_prefs", { mode: "json" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_username_unique").on(t.username), check("users_role_check", sql`${t.role} in ('instructor','student')`)],
);

export const classes = sqliteTable(
  "classes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    instructorId: integer("instructor_id")
      .notNull()
      .references(() => users.id),
    joinCode: text("join_code").notNull(),
    joinEnabled: integer("join_enabled", { mode: "boolean" }).notNull().default(true),
    /** Set at the end of term: read-only for everyone, gone from dashboards, still reviewable by its instructors. */
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("classes_join_code_unique").on(t.joinCode), index("classes_instructor_idx").on(t.instructorId)],
);

/**
 * Co-teachers of a class: instructors the owner (classes.instructor_id) added. They may do everything on
 * the class except delete it or remove the owner.
 */
export const classTeachers = sqliteTable(
  "class_teachers",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    instructorId: integer("instructor_id")
      .notNull()
      .references(() => users.id),
    addedBy: integer("added_by")
      .notNull()
      .references(() => users.id),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.instructorId] }), index("class_teachers_instructor_idx").on(t.instructorId)],
);

export const enrollments = sqliteTable(
  "enrollments",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ["active", "withdrawn"] }).notNull().default("active"),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.studentId] }), index("enrollments_student_idx").on(t.studentId)],
);

/**
 * A lesson written in the browser (the files in content/lessons are built-in lessons and never stored here).
 * The draft is the owner's working copy, saved as it is typed and not necessarily valid yet; publishing
 * copies it, validated, into an immutable lesson_versions row, and assignments pin one of those.
 */
export const lessons = sqliteTable(
  "lessons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    /** private: the owner only; shared: every instructor of this deployment may read, preview, duplicate and assign it. */
    sharing: text("sharing", { enum: ["private", "shared"] }).notNull().default("private"),
    /** The draft's title, kept beside it for lists. */
    title: text("title").notNull(),
    /** JSON of lib/authoring/draft `DraftLesson`. */
    draft: text("draft", { mode: "json" }).notNull(),
    /** Bumped by every save: a save naming an older revision was made without seeing the newer draft. */
    draftRevision: integer("draft_revision").notNull().default(1),
    /** The editor's id for the save that made this revision: a retry whose first reply was lost names it. */
    draftSaveId: text("draft_save_id"),
    /** The draft revision last published (null: never published). */
    publishedRevision: integer("published_revision"),
    /** Every id this lesson has ever used, with its kind (lib/authoring/ids): ids are never reused. */
    idLedger: text("id_ledger", { mode: "json" }).notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("lessons_owner_idx").on(t.ownerId), check("lessons_sharing_check", sql`${t.sharing} in ('private','shared')`)],
);

/** A published, immutable version of a lesson: what an assignment's snapshot was copied from. */
export const lessonVersions = sqliteTable(
  "lesson_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    /** 1, 2, 3… per lesson. */
    version: integer("version").notNull(),
    /** JSON of a valid lib/content `Lesson`. */
    content: text("content", { mode: "json" }).notNull(),
    publishedBy: integer("published_by")
      .notNull()
      .references(() => users.id),
    publishedAt: createdAt(),
  },
  (t) => [uniqueIndex("lesson_versions_lesson_version_unique").on(t.lessonId, t.version)],
);

export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    lessonId: text("lesson_id").notNull(),
    /** The whole lesson as assigned (JSON of lib/content `Lesson`): attempts are shown and scored from it. */
    lessonSnapshot: text("lesson_snapshot", { mode: "json" }).notNull(),
    lessonTitle: text("lesson_title").notNull(),
    /** The published version the snapshot was copied from; null for a built-in lesson from content/. */
    lessonVersionId: integer("lesson_version_id").references(() => lessonVersions.id),
    dueAt: integer("due_at"),
    /** accept: late work is taken and marked late; close: at the due date the lesson becomes read-only. */
    latePolicy: text("late_policy", { enum: ["accept", "close"] }).notNull().default("accept"),
    /** Shown to students above the lesson. */
    instructions: text("instructions"),
    /** Unassigned while it had student work: hidden from students, still reviewable and exportable. */
    archivedAt: integer("archived_at"),
    feedbackMode: text("feedback_mode", { enum: ["immediate", "on_release"] }).notNull().default("immediate"),
    feedbackReleasedAt: integer("feedback_released_at"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("assignments_class_idx").on(t.classId)],
);

/**
 * A different due date for one student (an accommodation), or a reopened lesson: `dueAt` null means open
 * for this student without a due date until they submit.
 */
export const assignmentExtensions = sqliteTable(
  "assignment_extensions",
  {
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    dueAt: integer("due_at"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.studentId] })],
);

export const attempts = sqliteTable(
  "attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ["in_progress", "submitted"] }).notNull().default("in_progress"),
    score: real("score"),
    maxScore: real("max_score"),
    startedAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    submittedAt: integer("submitted_at"),
    /** Set when an instructor returned the last submission for revision (the attempt is in progress again). */
    returnedAt: integer("returned_at"),
    returnedBy: integer("returned_by").references(() => users.id),
    /** Why it was returned, shown to the student. */
    returnNote: text("return_note"),
  },
  (t) => [
    uniqueIndex("attempts_assignment_student_unique").on(t.assignmentId, t.studentId),
    index("attempts_student_idx").on(t.studentId),
    // Covers the submitted counts of /teach and the class page without reading a row per attempt.
    index("attempts_assignment_status_idx").on(t.assignmentId, t.status, t.studentId),
  ],
);

export const responses = sqliteTable(
  "responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    /** A question id or a debate prompt id of the assignment's snapshot. */
    itemId: text("item_id").notNull(),
    /** The answer's JSON, shaped by the item's type; a draft until the attempt is submitted. */
    answer: text("answer", { mode: "json" }).notNull(),
    score: real("score"),
    maxScore: real("max_score"),
    needsGrading: integer("needs_grading", { mode: "boolean" }).notNull().default(false),
    comment: text("comment"),
    gradedBy: integer("graded_by").references(() => users.id),
    gradedAt: integer("graded_at"),
    /** Bumped by every grade: a save naming an older version was made without seeing the newer grade. */
    gradeVersion: integer("grade_version").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("responses_attempt_item_unique").on(t.attemptId, t.itemId),
    // Only what still waits for a grade: the "to grade" counts read these few rows, not every response.
    index("responses_to_grade_idx")
      .on(t.attemptId)
      .where(sql`${t.needsGrading} = 1 and ${t.score} is null`),
  ],
);

/**
 * An earlier submission of an attempt, kept when the instructor returned it for revision: its answers,
 * scores and comments as they were. The attempt's current submission is number (count of these) + 1.
 */
export const attemptSubmissions = sqliteTable(
  "attempt_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    /** 1, 2, 3… per attempt. */
    number: integer("number").notNull(),
    submittedAt: integer("submitted_at").notNull(),
    score: real("score"),
    maxScore: real("max_score"),
    /** JSON: the responses as they were ({ itemId, answer, score, maxScore, needsGrading, comment, gradedBy, gradedAt }[]). */
    responses: text("responses", { mode: "json" }).notNull(),
    returnedAt: integer("returned_at").notNull(),
    returnedBy: integer("returned_by")
      .notNull()
      .references(() => users.id),
    returnNote: text("return_note"),
  },
  (t) => [uniqueIndex("attempt_submissions_attempt_number_unique").on(t.attemptId, t.number)],
);

/** Reusable grading comments, per instructor and question of an assignment. */
export const commentSnippets = sqliteTable(
  "comment_snippets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    itemId: text("item_id").notNull(),
    text: text("text").notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("comment_snippets_item_idx").on(t.assignmentId, t.itemId)],
);

/** A live group debate on one debate prompt of an assignment (its lesson snapshot), run by the instructor. */
export const debateSessions = sqliteTable(
  "debate_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    /** The debate prompt's id in the assignment's lesson snapshot. */
    debateId: text("debate_id").notNull(),
    phase: text("phase", { enum: ["lobby", "opening", "rebuttal", "closing", "postpoll", "ended"] }).notNull().default("lobby"),
    /** Students argue the side opposite to their pre-poll stance (also for late joiners). */
    oppositeSides: integer("opposite_sides", { mode: "boolean" }).notNull().default(false),
    /** Students see each other under aliases ("Amber Owl") instead of their names; the instructor sees both. */
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(false),
    /**
     * The round's optional timer: running while `timerEndsAt` is set; paused while `timerRemainingMs` is set;
     * no timer when both are null. Nothing is enforced when it runs out: the instructor moves the session on.
     */
    timerEndsAt: integer("timer_ends_at"),
    timerRemainingMs: integer("timer_remaining_ms"),
    /** The number of this session's latest event (debate_events.seq): the next event takes the one after it. */
    lastEventSeq: integer("last_event_seq").notNull().default(0),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    endedAt: integer("ended_at"),
  },
  (t) => [index("debate_sessions_class_idx").on(t.classId)],
);

export const debateGroups = sqliteTable(
  "debate_groups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    name: text("name").notNull(),
    side: text("side", { enum: ["for", "against"] }).notNull(),
  },
  (t) => [index("debate_groups_session_idx").on(t.sessionId)],
);

export const debateParticipants = sqliteTable(
  "debate_participants",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    groupId: integer("group_id").references(() => debateGroups.id),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.studentId] })],
);

/** A student's stance on the motion (1 strongly against … 5 strongly for) and confidence (1–5), before and after. */
export const debatePolls = sqliteTable(
  "debate_polls",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    phase: text("phase", { enum: ["pre", "post"] }).notNull(),
    stance: integer("stance").notNull(),
    confidence: integer("confidence").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.studentId, t.phase] })],
);

/**
 * Everything that happens in a session, in order (`seq`). A client that reconnects with Last-Event-ID
 * gets exactly the events after it, once.
 */
export const debateEvents = sqliteTable(
  "debate_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    /**
     * The session's own numbering of its events, taken from debate_sessions.last_event_seq in the writing
     * transaction (a row lock on PostgreSQL): the SSE event id. Events commit in this order whatever the
     * instance or connection, so a client resuming after N gets exactly the events after N.
     */
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    data: text("data", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("debate_events_session_seq_unique").on(t.sessionId, t.seq)],
);

/**
 * A post in a live debate: a claim, a rebuttal (a reply to a post of the other side) or a question, with
 * the sentences it cites (excerpt id + sentence ids of the assignment's lesson snapshot). A hidden post
 * stays in the record; students no longer see it.
 */
export const debatePosts = sqliteTable(
  "debate_posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    /** 1, 2, 3… within the session: what everyone calls the post (“#4”). */
    number: integer("number").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    groupId: integer("group_id")
      .notNull()
      .references(() => debateGroups.id),
    side: text("side", { enum: ["for", "against"] }).notNull(),
    kind: text("kind", { enum: ["claim", "rebuttal", "question"] }).notNull(),
    replyToId: integer("reply_to_id"),
    body: text("body").notNull(),
    citations: text("citations", { mode: "json" }).$type<{ excerptId: string; sentenceIds: string[] }[]>().notNull(),
    /** The round it was posted in. */
    phase: text("phase", { enum: ["opening", "rebuttal", "closing"] }).notNull(),
    hiddenAt: integer("hidden_at"),
    hiddenBy: integer("hidden_by").references(() => users.id),
    /** The id the student's form gave the post: the same form sent again (a retry) finds it instead of posting twice. */
    clientId: text("client_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("debate_posts_number_idx").on(t.sessionId, t.number),
    index("debate_posts_author_idx").on(t.sessionId, t.authorId, t.createdAt),
    uniqueIndex("debate_posts_client_idx").on(t.sessionId, t.authorId, t.clientId),
  ],
);

/**
 * A student's vote for a post they found strong (each student has a few per session). When the post is
 * hidden its votes are returned to the voters (`returnedAt`): they no longer count, and stay on record.
 */
export const debateVotes = sqliteTable(
  "debate_votes",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    postId: integer("post_id")
      .notNull()
      .references(() => debatePosts.id),
    voterId: integer("voter_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    returnedAt: integer("returned_at"),
  },
  (t) => [primaryKey({ columns: [t.postId, t.voterId] }), index("debate_votes_voter_idx").on(t.sessionId, t.voterId)],
);

/** Failed sign-in counters, one row per account or client address, in fixed windows. */
export const loginThrottle = sqliteTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    failures: integer("failures").notNull(),
  },
  // Every sign-in first forgets the windows that have passed: by this index, not by reading every row (a
  // school signing in at 8 a.m. leaves a row per student for the window).
  (t) => [index("login_throttle_window_idx").on(t.windowStart)],
);

/** Small facts about this deployment, e.g. when first-run setup was completed. */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Role = User["role"];
export type Class = typeof classes.$inferSelect;
export type Enrollment = typeof enrollments.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;
export type AssignmentExtension = typeof assignmentExtensions.$inferSelect;
export type AttemptSubmission = typeof attemptSubmissions.$inferSelect;
export type ClassTeacher = typeof classTeachers.$inferSelect;
export type LessonRow = typeof lessons.$inferSelect;
export type LessonVersion = typeof lessonVersions.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
export type Response = typeof responses.$inferSelect;
export type CommentSnippet = typeof commentSnippets.$inferSelect;
export type DebateSession = typeof debateSessions.$inferSelect;
export type DebateEvent = typeof debateEvents.$inferSelect;
export type DebatePost = typeof debatePosts.$inferSelect;
