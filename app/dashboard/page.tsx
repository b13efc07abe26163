import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/db/client";
import { listAssignmentsForStudent } from "@/db/queries/assignments";
import { listClassesForStudent } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "My work" };

export default async function StudentDashboard({ searchParams }: { searchParams: Promise<{ joined?: string }> }) {
  const student = await requireRole("student");
  const { joined } = await searchParams;
  const classes = listClassesForStudent(db, student.id);
  const assignments = listAssignmentsForStudent(db, student.id);
  const joinedClass = classes.find((c) => String(c.id) === joined);

  return (
    <main id="main">
      <div className="page-head">
        <h1>Hello, {student.displayName}</h1>
        <p>Your classes and the lessons assigned to you.</p>
      </div>
      {joinedClass && (
        <p className="notice notice-success" role="status">
          You joined <strong>{joinedClass.name}</strong>.
        </p>
      )}
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
                    <div className="list-title">{a.lessonTitle}</div>
                    <div className="muted small">{a.className}</div>
                  </div>
                  <div className="muted small">{a.dueAt ? `Due ${formatDateTime(a.dueAt)}` : "No due date"}</div>
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
    </main>
  );
}
