/*
 * The PostgreSQL twin of db/schema.ts (chosen by DATABASE_URL; SQLite stays the default): the same tables,
 * columns, keys and indexes, in PostgreSQL's types. db/schema-parity.test.ts holds the two, and their
 * migrations, to the same shape. Change both together, then `npm run db:generate`.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";

/* Times are unix epoch milliseconds (bigint, read as numbers), as in the SQLite schema. */
const createdAt = () =>
  bigint("created_at", { mode: "number" })
    .notNull()
    .default(sql`(extract(epoch from statement_timestamp()) * 1000)::bigint`);

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    /** Stored lower-case; sign-in and uniqueness are case-insensitive. */
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["instructor", "student"] }).notNull(),
    /** Bumped to end every existing session of this user (e.g. on a password reset). */
    sessionVersion: integer("session_version").notNull().default(1),
    /** Set by an instructor's reset (a temporary password): the next sign-in must choose a new one. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** A student's reading supports (lib/reading-prefs `ReadingPrefs` JSON); null: the defaults. */
    readingPrefs: jsonb("reading_prefs"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_username_unique").on(t.username), check("users_role_check", sql`${t.role} in ('instructor','student')`)],
);

export const classes = pgTable(
  "classes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    instructorId: integer("instructor_id")
      .notNull()
      .references(() => users.id),
    joinCode: text("join_code").notNull(),
    joinEnabled: boolean("join_enabled").notNull().default(true),
    /** Set at the end of term: read-only for everyone, gone from dashboards, still reviewable by its instructors. */
    archivedAt: bigint("archived_at", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("classes_join_code_unique").on(t.joinCode), index("classes_instructor_idx").on(t.instructorId)],
);

/**
 * Co-teachers of a class: instructors the owner (classes.instructor_id) added. They may do everything on
 * the class except delete it or remove the owner.
 */
export const classTeachers = pgTable(
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

export const enrollments = pgTable(
  "enrollments",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ["active", "withdrawn"] })
      .notNull()
      .default("active"),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.studentId] }), index("enrollments_student_idx").on(t.studentId)],
);

/**
 * A lesson written in the browser (the files in content/lessons are built-in lessons and never stored here).
 * The draft is the owner's working copy, saved as it is typed and not necessarily valid yet; publishing
 * copies it, validated, into an immutable lesson_versions row, and assignments pin one of those.
 */
export const lessons = pgTable(
  "lessons",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    /** private: the owner only; shared: every instructor of this deployment may read, preview, duplicate and assign it. */
    sharing: text("sharing", { enum: ["private", "shared"] })
      .notNull()
      .default("private"),
    /** The draft's title, kept beside it for lists. */
    title: text("title").notNull(),
    /** JSON of lib/authoring/draft `DraftLesson`. */
    draft: jsonb("draft").notNull(),
    /** Bumped by every save: a save naming an older revision was made without seeing the newer draft. */
    draftRevision: integer("draft_revision").notNull().default(1),
    /** The editor's id for the save that made this revision: a retry whose first reply was lost names it. */
    draftSaveId: text("draft_save_id"),
    /** The draft revision last published (null: never published). */
    publishedRevision: integer("published_revision"),
    /** Every id this lesson has ever used, with its kind (lib/authoring/ids): ids are never reused. */
    idLedger: jsonb("id_ledger").notNull(),
    createdAt: createdAt(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [index("lessons_owner_idx").on(t.ownerId), check("lessons_sharing_check", sql`${t.sharing} in ('private','shared')`)],
);

/** A published, immutable version of a lesson: what an assignment's snapshot was copied from. */
export const lessonVersions = pgTable(
  "lesson_versions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    /** 1, 2, 3… per lesson. */
    version: integer("version").notNull(),
    /** JSON of a valid lib/content `Lesson`. */
    content: jsonb("content").notNull(),
    publishedBy: integer("published_by")
      .notNull()
      .references(() => users.id),
    publishedAt: createdAt(),
  },
  (t) => [uniqueIndex("lesson_versions_lesson_version_unique").on(t.lessonId, t.version)],
);

export const assignments = pgTable(
  "assignments",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    lessonId: text("lesson_id").notNull(),
    /** The whole lesson as assigned (JSON of lib/content `Lesson`): attempts are shown and scored from it. */
    lessonSnapshot: jsonb("lesson_snapshot").notNull(),
    lessonTitle: text("lesson_title").notNull(),
    /** The published version the snapshot was copied from; null for a built-in lesson from content/. */
    lessonVersionId: integer("lesson_version_id").references(() => lessonVersions.id),
    dueAt: bigint("due_at", { mode: "number" }),
    /** accept: late work is taken and marked late; close: at the due date the lesson becomes read-only. */
    latePolicy: text("late_policy", { enum: ["accept", "close"] })
      .notNull()
      .default("accept"),
    /** Shown to students above the lesson. */
    instructions: text("instructions"),
    /** Unassigned while it had student work: hidden from students, still reviewable and exportable. */
    archivedAt: bigint("archived_at", { mode: "number" }),
    feedbackMode: text("feedback_mode", { enum: ["immediate", "on_release"] })
      .notNull()
      .default("immediate"),
    feedbackReleasedAt: bigint("feedback_released_at", { mode: "number" }),
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
export const assignmentExtensions = pgTable(
  "assignment_extensions",
  {
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    dueAt: bigint("due_at", { mode: "number" }),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.studentId] })],
);

export const attempts = pgTable(
  "attempts",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ["in_progress", "submitted"] })
      .notNull()
      .default("in_progress"),
    score: doublePrecision("score"),
    maxScore: doublePrecision("max_score"),
    startedAt: createdAt(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
    submittedAt: bigint("submitted_at", { mode: "number" }),
    /** Set when an instructor returned the last submission for revision (the attempt is in progress again). */
    returnedAt: bigint("returned_at", { mode: "number" }),
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

export const responses = pgTable(
  "responses",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    /** A question id or a debate prompt id of the assignment's snapshot. */
    itemId: text("item_id").notNull(),
    /** The answer's JSON, shaped by the item's type; a draft until the attempt is submitted. */
    answer: jsonb("answer").notNull(),
    score: doublePrecision("score"),
    maxScore: doublePrecision("max_score"),
    needsGrading: boolean("needs_grading").notNull().default(false),
    comment: text("comment"),
    gradedBy: integer("graded_by").references(() => users.id),
    gradedAt: bigint("graded_at", { mode: "number" }),
    /** Bumped by every grade: a save naming an older version was made without seeing the newer grade. */
    gradeVersion: integer("grade_version").notNull().default(0),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("responses_attempt_item_unique").on(t.attemptId, t.itemId),
    // Only what still waits for a grade: the "to grade" counts read these few rows, not every response.
    index("responses_to_grade_idx")
      .on(t.attemptId)
      .where(sql`${t.needsGrading} and ${t.score} is null`),
  ],
);

/**
 * An earlier submission of an attempt, kept when the instructor returned it for revision: its answers,
 * scores and comments as they were. The attempt's current submission is number (count of these) + 1.
 */
export const attemptSubmissions = pgTable(
  "attempt_submissions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    /** 1, 2, 3… per attempt. */
    number: integer("number").notNull(),
    submittedAt: bigint("submitted_at", { mode: "number" }).notNull(),
    score: doublePrecision("score"),
    maxScore: doublePrecision("max_score"),
    /** JSON: the responses as they were ({ itemId, answer, score, maxScore, needsGrading, comment, gradedBy, gradedAt }[]). */
    responses: jsonb("responses").notNull(),
    returnedAt: bigint("returned_at", { mode: "number" }).notNull(),
    returnedBy: integer("returned_by")
      .notNull()
      .references(() => users.id),
    returnNote: text("return_note"),
  },
  (t) => [uniqueIndex("attempt_submissions_attempt_number_unique").on(t.attemptId, t.number)],
);

/** Reusable grading comments, per instructor and question of an assignment. */
export const commentSnippets = pgTable(
  "comment_snippets",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
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
export const debateSessions = pgTable(
  "debate_sessions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    /** The debate prompt's id in the assignment's lesson snapshot. */
    debateId: text("debate_id").notNull(),
    phase: text("phase", { enum: ["lobby", "opening", "rebuttal", "closing", "postpoll", "ended"] })
      .notNull()
      .default("lobby"),
    /** Students argue the side opposite to their pre-poll stance (also for late joiners). */
    oppositeSides: boolean("opposite_sides").notNull().default(false),
    /** Students see each other under aliases ("Amber Owl") instead of their names; the instructor sees both. */
    anonymous: boolean("anonymous").notNull().default(false),
    /**
     * The round's optional timer: running while `timerEndsAt` is set; paused while `timerRemainingMs` is set;
     * no timer when both are null. Nothing is enforced when it runs out: the instructor moves the session on.
     */
    timerEndsAt: bigint("timer_ends_at", { mode: "number" }),
    timerRemainingMs: bigint("timer_remaining_ms", { mode: "number" }),
    /** The number of this session's latest event (debate_events.seq): the next event takes the one after it. */
    lastEventSeq: integer("last_event_seq").notNull().default(0),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    endedAt: bigint("ended_at", { mode: "number" }),
  },
  (t) => [index("debate_sessions_class_idx").on(t.classId)],
);

export const debateGroups = pgTable(
  "debate_groups",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer("session_id")
      .notNull()
      .references(() => debateSessions.id),
    name: text("name").notNull(),
    side: text("side", { enum: ["for", "against"] }).notNull(),
  },
  (t) => [index("debate_groups_session_idx").on(t.sessionId)],
);

export const debateParticipants = pgTable(
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
export const debatePolls = pgTable(
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
export const debateEvents = pgTable(
  "debate_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
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
    data: jsonb("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("debate_events_session_seq_unique").on(t.sessionId, t.seq)],
);

/**
 * A post in a live debate: a claim, a rebuttal (a reply to a post of the other side) or a question, with
 * the sentences it cites (excerpt id + sentence ids of the assignment's lesson snapshot). A hidden post
 * stays in the record; students no longer see it.
 */
export const debatePosts = pgTable(
  "debate_posts",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
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
    citations: jsonb("citations").$type<{ excerptId: string; sentenceIds: string[] }[]>().notNull(),
    /** The round it was posted in. */
    phase: text("phase", { enum: ["opening", "rebuttal", "closing"] }).notNull(),
    hiddenAt: bigint("hidden_at", { mode: "number" }),
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
export const debateVotes = pgTable(
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
    returnedAt: bigint("returned_at", { mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.voterId] }), index("debate_votes_voter_idx").on(t.sessionId, t.voterId)],
);

/** Failed sign-in counters, one row per account or client address, in fixed windows. */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    windowStart: bigint("window_start", { mode: "number" }).notNull(),
    failures: integer("failures").notNull(),
  },
  // Every sign-in first forgets the windows that have passed: by this index, not by reading every row (a
  // school signing in at 8 a.m. leaves a row per student for the window).
  (t) => [index("login_throttle_window_idx").on(t.windowStart)],
);

/** Small facts about this deployment, e.g. when first-run setup was completed. */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
