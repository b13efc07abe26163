import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DebateFeed } from "@/app/_components/debate/feed";
import { ConnectionState, LiveDebate } from "@/app/_components/debate/live";
import { DebateResultsView } from "@/app/_components/debate/results";
import { RoundTimer } from "@/app/_components/debate/timer";
import { DebateSides } from "@/app/_components/debate-sides";
import { db } from "@/db/client";
import { getClassForInstructor } from "@/db/queries/classes";
import { debateResults, debateSnapshot } from "@/db/queries/debate-view";
import { debatePrompt, getDebateForInstructor } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { excerptTexts } from "@/lib/debate/excerpts";
import { PHASE_LABEL, phaseTitle } from "@/lib/debate/phases";
import { parseId } from "@/lib/ids";
import { formatJoinCode } from "@/lib/join-code";
import { qrPath } from "@/lib/qr";
import { siteOrigin } from "@/lib/site-origin";

export const metadata: Metadata = { title: "Projector · live debate" };

/**
 * The large-type view for the classroom screen: how to join, the round and its timer, the newest posts
 * live, and the results at the end. It shows what students see (aliases when on), never who voted.
 */
export default async function ProjectorPage({ params }: { params: Promise<{ debateId: string }> }) {
  const instructor = await requireRole("instructor");
  const sessionId = parseId((await params).debateId);
  const session = sessionId ? await getDebateForInstructor(db, instructor.id, sessionId) : undefined;
  if (!session) notFound();
  const prompt = await debatePrompt(db, session);
  const cls = await getClassForInstructor(db, instructor.id, session.classId);
  if (!prompt || !cls) notFound();
  const { debate, lesson } = prompt;
  // The projector shows what the students see: aliases, not names, when the session is anonymous.
  const { snapshot, participants } = await debateSnapshot(db, session, { kind: "student", studentId: 0 });
  const excerpts = excerptTexts(lesson);
  const phase = session.phase;
  const results = phase === "ended" ? await debateResults(db, session, { kind: "student", studentId: 0 }) : undefined;
  const origin = await siteOrigin();
  const debateUrl = `${origin}/debates/${session.id}`;
  const qr = qrPath(debateUrl);
  const joined = participants.length;
  const polled = participants.filter((p) => (phase === "lobby" ? p.prePoll : p.postPoll)).length;

  return (
    // While the session runs the screen is laid out to the projector's height (no scrolling in front of a
    // class); the results at the end are read at leisure, and scroll.
    <main id="main" className={phase === "ended" ? "projector" : "projector projector-live"}>
      <LiveDebate snapshot={snapshot} viewer="projector" excerpts={excerpts} sides={debate.sides}>
      <header className="projector-head">
        <div>
          <p className="eyebrow">Live debate · {PHASE_LABEL[phase]}</p>
          <h1>{debate.motion}</h1>
        </div>
        <div className="projector-clock">
          <p className="projector-round">{phaseTitle(phase)}</p>
          <RoundTimer large />
          <ConnectionState />
        </div>
      </header>
      <DebateSides sides={debate.sides} />
      {phase === "lobby" && (
        <section className="projector-join" aria-labelledby="join-heading">
          <h2 id="join-heading">Join the debate</h2>
          <div className="projector-join-how">
            <svg viewBox={`-2 -2 ${qr.size + 4} ${qr.size + 4}`} className="qr qr-large" role="img" aria-label={`QR code for ${debateUrl}`}>
              <rect x={-2} y={-2} width={qr.size + 4} height={qr.size + 4} fill="#fff" />
              <path d={qr.path} fill="#000" />
            </svg>
            <p>
              Scan the code, or open <strong>{origin}</strong>, sign in, and choose the debate on “My work”.
            </p>
          </div>
          {cls.joinEnabled && (
            <p>
              New to this class? Join with the code <strong className="join-code">{formatJoinCode(cls.joinCode)}</strong> at {origin}/join
            </p>
          )}
          <p className="projector-count">
            {joined} joined · {polled} stances recorded
          </p>
        </section>
      )}
      {phase !== "lobby" && phase !== "ended" && (
        <section aria-labelledby="feed-heading" className="projector-feed">
          <h2 id="feed-heading">Latest posts</h2>
          <DebateFeed latest={6} />
        </section>
      )}
      {phase === "postpoll" && (
        <p className="projector-count">
          {polled} of {joined} stances recorded after the debate
        </p>
      )}
      {/* Only once it has ended: live bars would let the room watch each student's answer arrive. */}
      {results && (
        <DebateResultsView results={results} sides={debate.sides} excerpts={excerpts} labels={snapshot.labels} showPeople={false} />
      )}
      </LiveDebate>
    </main>
  );
}
