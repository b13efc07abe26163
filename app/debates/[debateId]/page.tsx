import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { db } from "@/db/client";
import { lessonIndexFor } from "@/db/queries/attempts";
import { eventsSince, getDebateForStudent, listGroups, listParticipants, myPoll } from "@/db/queries/debates";
import { PHASE_LABEL } from "@/lib/debate/phases";
import { requireRole } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";
import { STANCES } from "@/lib/stances";
import { joinDebateAction, prePollAction } from "./actions";
import { DebateSides } from "@/app/_components/debate-sides";

export const metadata: Metadata = { title: "Live debate" };

const CONFIDENCE = [
  { value: 1, label: "Not sure at all" },
  { value: 2, label: "Not very sure" },
  { value: 3, label: "Fairly sure" },
  { value: 4, label: "Sure" },
  { value: 5, label: "Completely sure" },
];

/** A student's view of a live session: join it, then say where they stand before the debate begins. */
export default async function StudentDebatePage({ params, searchParams }: { params: Promise<{ debateId: string }>; searchParams: Promise<{ polled?: string }> }) {
  const segment = (await params).debateId;
  const student = await requireRole("student", `/debates/${encodeURIComponent(segment)}`);
  const sessionId = parseId(segment);
  const session = sessionId ? getDebateForStudent(db, student.id, sessionId) : undefined;
  if (!session) notFound();
  const item = lessonIndexFor(db, session.assignmentId)?.byId.get(session.debateId);
  if (item?.kind !== "debate") notFound();
  const joined = listParticipants(db, session.id).some((p) => p.studentId === student.id);
  const poll = joined ? myPoll(db, student.id, session.id, "pre") : undefined;
  const last = eventsSince(db, session.id, 0).at(-1)?.id ?? 0;
  const myGroup = joined ? listGroups(db, session.id).find((g) => g.members.some((m) => m.studentId === student.id)) : undefined;
  const { polled } = await searchParams;

  return (
    <main id="main" className="reading">
      <p className="breadcrumbs">
        <Link href="/dashboard">My work</Link> / live debate
      </p>
      <div className="page-head">
        <p className="eyebrow">Live debate{session.phase === "ended" ? " · ended" : ""}</p>
        <h1>{item.debate.motion}</h1>
        <p>{item.debate.background}</p>
        <DebateSides sides={item.debate.sides} />
      </div>
      {session.phase !== "ended" && <LiveRefresh url={`/api/debates/${session.id}/events?after=${last}`} events={["phase", "groups"]} />}
      {joined && session.phase !== "ended" && (
        <section className="card live-banner" aria-labelledby="phase-heading">
          <p className="eyebrow">Now</p>
          <h2 id="phase-heading">{PHASE_LABEL[session.phase][0]!.toUpperCase() + PHASE_LABEL[session.phase].slice(1)}</h2>
          {myGroup ? (
            <p>
              You are in <strong>{myGroup.name}</strong>, arguing <strong>{myGroup.side === "for" ? `for: ${item.debate.sides.for}` : `against: ${item.debate.sides.against}`}</strong>{" "}
              with {myGroup.members.filter((m) => m.studentId !== student.id).map((m) => m.name).join(", ") || "no one else yet"}.
            </p>
          ) : (
            <p className="muted">Your instructor will put you in a group and give your group a side.</p>
          )}
        </section>
      )}
      {session.phase === "ended" ? (
        <p className="notice notice-info">This debate has ended.</p>
      ) : !joined ? (
        <section className="card" aria-labelledby="join-heading">
          <h2 id="join-heading">Join the debate</h2>
          <ActionForm action={joinDebateAction} submitLabel="Join" pendingLabel="Joining…">
            <input type="hidden" name="sessionId" value={session.id} />
          </ActionForm>
        </section>
      ) : session.phase !== "lobby" ? null : (
        <section className="card" aria-labelledby="poll-heading">
          <h2 id="poll-heading">Before we begin: where do you stand?</h2>
          {polled && poll && (
            <p className="notice notice-success" role="status">
              Your stance is recorded. You can change it until the debate begins.
            </p>
          )}
          <ActionForm action={prePollAction} submitLabel={poll ? "Update my stance" : "Record my stance"} pendingLabel="Saving…">
            <input type="hidden" name="sessionId" value={session.id} />
            <fieldset className="stance">
              <legend>Your position on the motion</legend>
              <div className="stance-scale">
                {STANCES.map((s) => (
                  <label key={s.value} className="option">
                    <input type="radio" name="stance" value={s.value} defaultChecked={poll?.stance === s.value} required />
                    <span>{s.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className="stance">
              <legend>How sure are you?</legend>
              <div className="stance-scale">
                {CONFIDENCE.map((c) => (
                  <label key={c.value} className="option">
                    <input type="radio" name="confidence" value={c.value} defaultChecked={poll?.confidence === c.value} required />
                    <span>{c.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </ActionForm>
        </section>
      )}
    </main>
  );
}
