import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/db/client";
import { listAssignmentsForStudent } from "@/db/queries/assignments";
import { listClassesForStudent } from "@/db/queries/classes";
import { listLiveDebatesForStudent, listPastDebatesForStudent, liveDebatesKey } from "@/db/queries/debates";
import { LiveRefresh } from "../_components/live-refresh";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format";
import { describeScore } from "@/lib/score-summary";

export const metadata: Metadata = { title: "My work" };

const STATUS = {
  "not-started": { label: "Not started", badge: "" },
  "in-progress": { label: "In progress", badge: "badge-accent" },
  returned: { label: "Returned for revision", badge: "badge-accent" },
  submitted: { label: "Submitted", badge: "badge-good" },
  graded: { label: "Graded", badge: "badge-good" },
} as const;

/** Graded: submitted, every answer scored, and the scores released to the student. */
function statusOf(a: Awaited<ReturnType<typeof listAssignmentsForStudent>>[number]): keyof typeof STATUS {
  return a.status === "submitted" && a.feedbackShown && a.toGrade === 0 ? "graded" : a.status;
}

export default async function StudentDashboard({ searchParams }: { searchParams: Promise<{ joined?: string; already?: string; passwordChanged?: string }> }) {
  const student = await requireRole("student", "/dashboard");
  const { joined, already, passwordChanged } = await searchParams;
  const classes = await listClassesForStudent(db, student.id);
  const assignments = await listAssignmentsForStudent(db, student.id);
  const joinedClass = classes.find((c) => String(c.id) === joined);
  const debates = await listLiveDebatesForStudent(db, student.id);
  const past = await listPastDebatesForStudent(db, student.id);
  const now = Date.now();

  return (
    <main id="main">
      <div className="page-head">
        <h1>Hello, {student.displayName}</h1>
        <p>Your classes and the lessons assigned to you.</p>
      </div>
      {passwordChanged && (
        <p className="notice notice-success" role="status">
          Your new password is saved.
        </p>
      )}
      {joinedClass && (
        <p className="notice notice-success" role="status">
          {already ? "You are already in " : "You joined "}
          <strong>{joinedClass.name}</strong>.
        </p>
      )}
      {/* The feed is told what this render shows: anything that changed before it connected is sent at once. */}
      <LiveRefresh url={`/api/live?shown=${liveDebatesKey(debates)}`} events={["phase"]} />
      {debates.map((d) => (
        <section key={d.id} className="card live-banner" aria-labelledby={`live-${d.id}`}>
          <p className="eyebrow">Live debate now · {d.className}</p>
          <h2 id={`live-${d.id}`}>{d.motion}</h2>
          <Link className="button" href={`/debates/${d.id}`}>
            Join the debate
          </Link>
        </section>
      ))}
      <div className="two-col">
        <section className="card" aria-labelledby="assignments-heading">
          <h2 id="assignments-heading">Assigned lessons</h2>
          {assignments.length === 0 ? (
            <p className="empty">Nothing assigned yet. Lessons your instructors assign appear here.</p>
          ) : (
            <ul className="list">
              {assignments.map((a) => (
                <li key={a.id}>
                  <div>
                    <Link className="list-title" href={`/assignments/${a.id}`}>
                      {a.lessonTitle}
                    </Link>
                    <div className="muted small">{a.className}</div>
                  </div>
                  <div className="assignment-meta">
                    <span className={`badge ${STATUS[statusOf(a)].badge}`}>{STATUS[statusOf(a)].label}</span>
                    {a.late && <span className="badge badge-bad">Late</span>}
                    <span className={`small ${a.status !== "submitted" && a.status !== "returned" && a.dueAt && a.dueAt < now ? "overdue" : "muted"}`}>
                      {a.status === "submitted"
                        ? a.feedbackShown && a.score !== null && a.maxScore
                          ? describeScore(a.score, a.maxScore, a.toGrade)
                          : "Submitted · feedback to come"
                        : a.status === "returned" && a.dueAt && a.dueAt < now
                          ? "Open for your revision"
                          : a.dueAt
                          ? a.dueAt < now
                            ? `${a.latePolicy === "close" ? "Closed" : "Was due"} ${formatDateTime(a.dueAt)}`
                            : `Due ${formatDateTime(a.dueAt)}`
                          : "No due date"}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="classes-heading">
          <h2 id="classes-heading">My classes</h2>
          {classes.length === 0 ? (
            <p className="muted">You are not in a class yet.</p>
          ) : (
            <ul className="list">
              {classes.map((c) => (
                <li key={c.id}>
                  <div>
                    <div className="list-title">{c.name}</div>
                    <div className="muted small">with {c.instructorName}</div>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p style={{ marginTop: "1rem" }}>
            <Link href="/join">Join another class</Link>
          </p>
        </section>
      </div>
      {past.length > 0 && (
        <section className="card" aria-labelledby="past-debates-heading">
          <h2 id="past-debates-heading">Past debates</h2>
          <p className="muted small">The latest debates of your classes: how minds changed, the strongest arguments and the whole transcript.</p>
          <ul className="list">
            {past.map((d) => (
              <li key={d.id}>
                <div>
                  <Link className="list-title" href={`/debates/${d.id}`}>
                    {d.motion || "Debate"}
                  </Link>
                  <div className="muted small">
                    {d.className} · ended {formatDateTime(d.endedAt)}
                  </div>
                </div>
                <span className="small muted">{d.joined ? "You took part" : "You were not in it"}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
