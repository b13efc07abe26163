import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { DebateSides } from "@/app/_components/debate-sides";
import { DebateFeed } from "@/app/_components/debate/feed";
import { ConnectionState, LiveDebate } from "@/app/_components/debate/live";
import { PostForm } from "@/app/_components/debate/post-form";
import { newClientId } from "@/lib/client-id";
import { DebateResultsView } from "@/app/_components/debate/results";
import { DebateText } from "@/app/_components/debate/text";
import { RoundHeader } from "@/app/_components/debate/round-header";
import { ReadingMain, ReadingSettings } from "@/app/_components/reading/reading-settings";
import { getReadingPrefs } from "@/db/queries/users";
import { db } from "@/db/client";
import { debateResults, debateSnapshot, labelFor } from "@/db/queries/debate-view";
import { debatePrompt, getDebateForStudent, listGroups, myPoll } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { excerptTexts } from "@/lib/debate/excerpts";
import { PHASE_LABEL } from "@/lib/debate/phases";
import { DEBATE_LIMITS, isRound } from "@/lib/debate/rules";
import { plural } from "@/lib/format";
import { parseId } from "@/lib/ids";
import { sideName, stanceLabel } from "@/lib/stances";
import { joinDebateAction } from "./actions";
import { PollForm } from "./poll-form";

export const metadata: Metadata = { title: "Live debate" };

/**
 * A student's view of a live session: join, say where they stand, then argue their group's side in the
 * rounds (posts, rebuttals, votes), say where they stand again, and see what changed.
 */
export default async function StudentDebatePage({
  params,
  searchParams,
}: {
  params: Promise<{ debateId: string }>;
  searchParams: Promise<{ polled?: string; reply?: string }>;
}) {
  const segment = (await params).debateId;
  const student = await requireRole("student", `/debates/${encodeURIComponent(segment)}`);
  const sessionId = parseId(segment);
  const session = sessionId ? await getDebateForStudent(db, student.id, sessionId) : undefined;
  if (!session) notFound();
  const prompt = await debatePrompt(db, session);
  if (!prompt) notFound();
  const { debate, lesson } = prompt;
  const { snapshot, participants } = await debateSnapshot(db, session, { kind: "student", studentId: student.id });
  const me = participants.find((p) => p.studentId === student.id);
  const joined = !!me;
  const phase = session.phase;
  const pollPhase = phase === "lobby" ? "pre" : phase === "postpoll" ? "post" : null;
  const poll = joined && pollPhase ? await myPoll(db, student.id, session.id, pollPhase) : undefined;
  const myGroup = me?.groupId ? (await listGroups(db, session.id)).find((g) => g.id === me.groupId) : undefined;
  // Server-side only: the page's data for the browser names students by opaque keys, never by user id.
  const label = (id: number) => {
    const p = participants.find((x) => x.studentId === id);
    return p ? labelFor(p, session.anonymous, { kind: "student", studentId: student.id }) : "";
  };
  const excerpts = excerptTexts(lesson);
  const { polled, reply } = await searchParams;
  const votesLeft = DEBATE_LIMITS.votes - (snapshot.me?.votes.length ?? 0);
  const results = phase === "ended" ? await debateResults(db, session, { kind: "student", studentId: student.id }) : undefined;
  const mine = results?.participation.find((p) => p.studentId === student.id);
  const prefs = await getReadingPrefs(db, student.id);

  return (
    <ReadingMain prefs={prefs} className="debate-page">
      <div className="page-tools">
        <p className="breadcrumbs">
          <Link href="/dashboard">My work</Link> / Live debate
        </p>
        <ReadingSettings />
      </div>
      <div className="page-head">
        <p className="eyebrow">Live debate · {PHASE_LABEL[phase]}</p>
        <h1>{debate.motion}</h1>
        <p>{debate.background}</p>
        <DebateSides sides={debate.sides} />
      </div>
      <LiveDebate snapshot={snapshot} viewer="student" excerpts={excerpts} sides={debate.sides}>
        <ConnectionState />
        {phase === "ended" ? (
          <p className="notice notice-info">This debate has ended. Here is what came of it.</p>
        ) : !joined ? (
          <section className="card" aria-labelledby="join-heading">
            <h2 id="join-heading">Join the debate</h2>
            <ActionForm action={joinDebateAction} submitLabel="Join" pendingLabel="Joining…">
              <input type="hidden" name="sessionId" value={session.id} />
            </ActionForm>
          </section>
        ) : (
          <section className="card live-banner" aria-labelledby="phase-heading">
            <RoundHeader phase={phase} headingId="phase-heading" />
            {myGroup ? (
              <p>
                You{snapshot.anonymous ? ` (shown as ${me.alias})` : ""} are in <strong>{myGroup.name}</strong>, arguing{" "}
                <strong>{sideName(myGroup.side, debate.sides, { lower: true })}</strong> with{" "}
                {myGroup.members
                  .filter((m) => m.studentId !== student.id)
                  .map((m) => label(m.studentId))
                  .join(", ") || "no one else yet"}
                .
              </p>
            ) : (
              <p className="muted">Your instructor will put you in a group and give your group a side.</p>
            )}
            {myGroup && (isRound(phase) || phase === "postpoll") && (
              <p className="small muted">
                You have {plural(votesLeft, "vote")} of {DEBATE_LIMITS.votes} left for the strongest arguments of other groups.
              </p>
            )}
          </section>
        )}
        {joined && pollPhase && <PollForm sessionId={session.id} phase={pollPhase} poll={poll} saved={polled === pollPhase} />}
        {phase === "ended" && results && (
          <>
            {mine && (
              <p className="card my-shift">
                {mine.before === null || mine.after === null
                  ? "You did not answer both polls."
                  : mine.before === mine.after
                    ? `You held your position: ${stanceLabel(mine.before).toLowerCase()}.`
                    : `You moved from ${stanceLabel(mine.before).toLowerCase()} to ${stanceLabel(mine.after).toLowerCase()}.`}{" "}
                You wrote {plural(mine.posts, "post")} and gave {plural(mine.votes, "vote")}.
              </p>
            )}
            <DebateResultsView results={results} sides={debate.sides} excerpts={excerpts} labels={snapshot.labels} showPeople={false} />
          </>
        )}
        {phase !== "lobby" && (joined || phase === "ended") && (
          <div className={isRound(phase) && myGroup ? "debate-columns" : undefined}>
            <section aria-labelledby="feed-heading" className="feed-section">
              <h2 id="feed-heading">{phase === "ended" ? "Transcript" : "The debate"}</h2>
              <DebateFeed />
            </section>
            {isRound(phase) && myGroup && (
              <div className="card compose">
                <PostForm groupId={myGroup.id} suggested={debate.suggestedExcerpts} initialReply={parseId(reply ?? "") ?? null} initialClientId={newClientId()} />
              </div>
            )}
          </div>
        )}
        {phase !== "lobby" && joined && <DebateText excerpts={excerpts} title={lesson} />}
      </LiveDebate>
    </ReadingMain>
  );
}
