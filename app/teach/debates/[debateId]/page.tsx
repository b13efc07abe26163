import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { db } from "@/db/client";
import { lessonIndexFor } from "@/db/queries/attempts";
import { eventsSince, getDebateForInstructor, listParticipants } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";
import { endDebateAction } from "../actions";

export const metadata: Metadata = { title: "Live debate" };

/** The instructor's view of a live session: the motion, the lobby as students join, who has pre-polled. */
export default async function DebateControlPage({ params, searchParams }: { params: Promise<{ debateId: string }>; searchParams: Promise<{ running?: string }> }) {
  const instructor = await requireRole("instructor");
  const sessionId = parseId((await params).debateId);
  const session = sessionId ? getDebateForInstructor(db, instructor.id, sessionId) : undefined;
  if (!session) notFound();
  const item = lessonIndexFor(db, session.assignmentId)?.byId.get(session.debateId);
  if (item?.kind !== "debate") notFound();
  const participants = listParticipants(db, session.id);
  const last = eventsSince(db, session.id, 0).at(-1)?.id ?? 0;
  const { running } = await searchParams;
  return (
    <main id="main">
      <p className="breadcrumbs">
        <Link href="/teach">Classes</Link> / <Link href={`/teach/classes/${session.classId}/assignments/${session.assignmentId}`}>assignment</Link> / live debate
      </p>
      {running && (
        <p className="notice notice-info" role="status">
          A debate is already running in this class: here it is. End it before starting another.
        </p>
      )}
      <div className="page-head">
        <p className="eyebrow">Live debate · {session.phase === "ended" ? "ended" : session.phase === "lobby" ? "lobby" : session.phase}</p>
        <h1>{item.debate.motion}</h1>
        <div className="debate-sides">
          <div className="debate-side for">For: {item.debate.sides.for}</div>
          <div className="debate-side against">Against: {item.debate.sides.against}</div>
        </div>
      </div>
      {session.phase !== "ended" && <LiveRefresh url={`/api/debates/${session.id}/events?after=${last}`} events={["joined", "poll", "phase"]} />}
      <section className="card" aria-labelledby="lobby-heading">
        <h2 id="lobby-heading">
          Lobby: {participants.length} joined · {participants.filter((p) => p.prePoll).length} pre-polled
        </h2>
        {participants.length === 0 ? (
          <p className="empty">Waiting for students. They find the debate on their “My work” page.</p>
        ) : (
          <ul className="lobby">
            {participants.map((p) => (
              <li key={p.studentId}>
                {p.name} <span className={`badge ${p.prePoll ? "badge-good" : ""}`}>{p.prePoll ? "stance recorded" : "joined"}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {session.phase !== "ended" && (
        <section className="card" aria-labelledby="end-heading">
          <h2 id="end-heading">Session</h2>
          <p className="muted">Rounds, groups, posts and results come next; for now the session gathers students and their opening stance.</p>
          <ActionForm action={endDebateAction} submitLabel="End session" pendingLabel="Ending…" buttonClassName="button button-secondary">
            <input type="hidden" name="sessionId" value={session.id} />
          </ActionForm>
        </section>
      )}
    </main>
  );
}
