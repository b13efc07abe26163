import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { db } from "@/db/client";
import { lessonIndexFor } from "@/db/queries/attempts";
import { eventsSince, getDebateForInstructor, listGroups, listParticipants } from "@/db/queries/debates";
import { SelectField } from "@/app/_components/select-field";
import { NEXT_PHASE_BUTTON, PHASE_LABEL } from "@/lib/debate/phases";
import { requireRole } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";
import { advanceDebateAction, endDebateAction, formGroupsAction } from "../actions";
import { DebateSides } from "@/app/_components/debate-sides";

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
  const groups = listGroups(db, session.id);
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
        <p className="eyebrow">Live debate · {PHASE_LABEL[session.phase]}</p>
        <h1>{item.debate.motion}</h1>
        <DebateSides sides={item.debate.sides} />
      </div>
      {session.phase === "ended" && <p className="notice notice-info">This debate session has ended.</p>}
      {session.phase !== "ended" && <LiveRefresh url={`/api/debates/${session.id}/events?after=${last}`} events={["joined", "poll", "phase", "groups"]} />}
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
      <div className="grid">
        {session.phase === "lobby" && (
          <section className="card" aria-labelledby="groups-form-heading">
            <h2 id="groups-form-heading">Form groups</h2>
            <ActionForm action={formGroupsAction} submitLabel={groups.length ? "Form the groups again" : "Form groups"} pendingLabel="Forming…">
              <input type="hidden" name="sessionId" value={session.id} />
              <SelectField name="groups" label="Number of groups" defaultValue="2" options={[2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: String(n), label: String(n) }))} />
              <SelectField
                name="mode"
                label="How"
                options={[
                  { value: "mixed", label: "Mixed, so each group spans the stances" },
                  { value: "random", label: "At random" },
                ]}
              />
              <label className="checkbox-line">
                <input type="checkbox" name="opposite" /> Students argue the side opposite to their own stance
              </label>
            </ActionForm>
          </section>
        )}
        {session.phase !== "ended" && (
          <section className="card" aria-labelledby="rounds-heading">
            <h2 id="rounds-heading">Rounds</h2>
            <p className="muted">Now: {PHASE_LABEL[session.phase]}. Posting, votes and results come with the next release.</p>
            <ActionForm action={advanceDebateAction} submitLabel={NEXT_PHASE_BUTTON[session.phase]} pendingLabel="Moving on…">
              <input type="hidden" name="sessionId" value={session.id} />
            </ActionForm>
            <div style={{ marginTop: "1rem" }}>
              <ActionForm action={endDebateAction} submitLabel="End session now" pendingLabel="Ending…" buttonClassName="button button-secondary">
                <input type="hidden" name="sessionId" value={session.id} />
              </ActionForm>
            </div>
          </section>
        )}
      </div>
      {groups.length > 0 && (
        <section className="card" aria-labelledby="groups-heading">
          <h2 id="groups-heading">Groups</h2>
          <div className="grid">
            {groups.map((g) => (
              <div key={g.id} className={`group-box side-${g.side}`}>
                <h3>
                  {g.name} · {g.side === "for" ? `For: ${item.debate.sides.for}` : `Against: ${item.debate.sides.against}`}
                </h3>
                <ul>
                  {g.members.map((m) => (
                    <li key={m.studentId}>{m.name}</li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>
      )}
    </main>
  );
}
