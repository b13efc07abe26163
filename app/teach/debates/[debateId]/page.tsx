import { sideName } from "@/lib/stances";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs, classTrail } from "@/app/_components/breadcrumbs";
import { ActionForm, CheckboxField } from "@/app/_components/action-form";
import { DebateSides } from "@/app/_components/debate-sides";
import { DebateFeed } from "@/app/_components/debate/feed";
import { ConnectionState, LiveDebate } from "@/app/_components/debate/live";
import { DebateResultsView } from "@/app/_components/debate/results";
import { DebateText } from "@/app/_components/debate/text";
import { RoundHeader } from "@/app/_components/debate/round-header";
import { SelectField } from "@/app/_components/select-field";
import { db } from "@/db/client";
import { getClassForInstructor } from "@/db/queries/classes";
import { debateResults, debateSnapshot, labelFor } from "@/db/queries/debate-view";
import { debatePrompt, getDebateForInstructor, listGroups } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { excerptTexts } from "@/lib/debate/excerpts";
import { GROUP_SIZE, groupSizes, suggestedGroupCount } from "@/lib/debate/groups";
import { NEXT_PHASE_BUTTON, PHASE_LABEL } from "@/lib/debate/phases";
import { parseId } from "@/lib/ids";
import { advanceDebateAction, endDebateAction, formGroupsAction } from "../actions";
import { AnonymityToggle, MoveStudent, TIMER_CHOICES, TimerControls } from "./controls";

export const metadata: Metadata = { title: "Live debate" };

const NEXT_ROUND = { lobby: "opening", opening: "rebuttal", rebuttal: "closing" } as const;

/**
 * The instructor's view of a session: the lobby and polls, groups, rounds and timer, the live feed with
 * moderation, and afterwards the results, transcript and exports.
 */
export default async function DebateControlPage({ params, searchParams }: { params: Promise<{ debateId: string }>; searchParams: Promise<{ running?: string }> }) {
  const instructor = await requireRole("instructor");
  const sessionId = parseId((await params).debateId);
  const session = sessionId ? await getDebateForInstructor(db, instructor.id, sessionId) : undefined;
  if (!session) notFound();
  const prompt = await debatePrompt(db, session);
  const cls = await getClassForInstructor(db, instructor.id, session.classId);
  if (!prompt || !cls) notFound();
  const { debate, lesson } = prompt;
  const { snapshot, participants } = await debateSnapshot(db, session, { kind: "instructor" });
  const groups = await listGroups(db, session.id);
  const excerpts = excerptTexts(lesson);
  const labels = new Map(participants.map((p) => [p.studentId, labelFor(p, session.anonymous, { kind: "instructor" })]));
  const suggested = suggestedGroupCount(participants.length);
  const phase = session.phase;
  const { running } = await searchParams;
  const nextRound = phase in NEXT_ROUND ? NEXT_ROUND[phase as keyof typeof NEXT_ROUND] : null;
  const showResults = phase === "postpoll" || phase === "ended";
  const results = showResults ? await debateResults(db, session, { kind: "instructor" }) : undefined;
  const exportBase = `/teach/debates/${session.id}/export`;

  return (
    <main id="main">
      <Breadcrumbs trail={classTrail(cls, { id: session.assignmentId, title: lesson.title })} here="Live debate" />
      {running && (
        <p className="notice notice-info" role="status">
          A debate is already running in this class: here it is. End it before starting another.
        </p>
      )}
      <div className="page-head">
        <p className="eyebrow">Live debate · {PHASE_LABEL[phase]}</p>
        <h1>{debate.motion}</h1>
        <DebateSides sides={debate.sides} />
        <p className="button-row">
          <a className="button button-secondary" href={`/teach/debates/${session.id}/projector`} target="_blank" rel="noopener">
            Open the projector view
          </a>
          <a className="button button-secondary" href={`${exportBase}/transcript.csv`}>
            Transcript (CSV)
          </a>
          <a className="button button-secondary" href={`${exportBase}/transcript.json`}>
            Transcript (JSON)
          </a>
        </p>
      </div>
      <LiveDebate snapshot={snapshot} viewer="instructor" excerpts={excerpts} sides={debate.sides}>
        <ConnectionState />
        {phase === "ended" && <p className="notice notice-info">This debate session has ended. The transcript and results are below.</p>}
        {phase !== "ended" && (
          <div className="grid">
            <section className="card live-banner" aria-labelledby="rounds-heading">
              <RoundHeader phase={phase} headingId="rounds-heading" />
              <TimerControls session={session} />
              {/* Keyed on whether groups exist, so "Form the groups first." goes once they do (other messages stay). */}
              <ActionForm key={groups.length > 0 ? "grouped" : "no-groups"} action={advanceDebateAction} submitLabel={NEXT_PHASE_BUTTON[phase]} pendingLabel="Moving on…">
                <input type="hidden" name="sessionId" value={session.id} />
                <input type="hidden" name="from" value={phase} />
                {nextRound && <SelectField name="timer" label={`Timer for the ${nextRound} round`} defaultValue="" options={TIMER_CHOICES} />}
              </ActionForm>
              <div className="button-row spaced">
                <AnonymityToggle session={session} />
                <ActionForm action={endDebateAction} submitLabel="End session now" pendingLabel="Ending…" className="inline-form" buttonClassName="button button-small button-secondary">
                  <input type="hidden" name="sessionId" value={session.id} />
                </ActionForm>
              </div>
              <p className="small muted">
                Students see {session.anonymous ? "anonymous aliases instead of names; you see both" : "each other's names"}.
                {!session.anonymous && snapshot.posts.length > 0 && " Switching to aliases now hides names from here on, but students have already seen who wrote the earlier posts."}
              </p>
            </section>
            {phase === "lobby" && (
              <section className="card" aria-labelledby="groups-form-heading">
                <h2 id="groups-form-heading">Form groups</h2>
                <ActionForm action={formGroupsAction} submitLabel={groups.length ? "Form the groups again" : "Form groups"} pendingLabel="Forming…">
                  <input type="hidden" name="sessionId" value={session.id} />
                  <SelectField
                    name="groups"
                    label="Number of groups"
                    defaultValue={String(suggested)}
                    hint={groupsHint(participants.length, suggested)}
                    options={[2, 3, 4, 5, 6, 7, 8].map((n) => ({ value: String(n), label: String(n) }))}
                  />
                  <SelectField
                    name="mode"
                    label="How"
                    options={[
                      { value: "mixed", label: "Mixed, so each group spans the stances" },
                      { value: "random", label: "At random" },
                    ]}
                  />
                  <CheckboxField name="opposite" label="Students argue the side opposite to their own stance" />
                </ActionForm>
              </section>
            )}
          </div>
        )}
        <section className="card" aria-labelledby="lobby-heading">
          <h2 id="lobby-heading">
            {phase === "lobby" ? "Lobby" : "Students"}: {participants.length} joined · {participants.filter((p) => p.prePoll).length} pre-polled
            {phase === "postpoll" || phase === "ended" ? ` · ${participants.filter((p) => p.postPoll).length} post-polled` : ""}
          </h2>
          {participants.length === 0 ? (
            <p className="empty">Waiting for students. They find the debate on their “My work” page.</p>
          ) : (
            <ul className="lobby">
              {participants.map((p) => {
                const polled = phase === "postpoll" || phase === "ended" ? p.postPoll : p.prePoll;
                return (
                  <li key={p.studentId}>
                    {labels.get(p.studentId)} <span className={`badge ${polled ? "badge-good" : ""}`}>{polled ? "stance recorded" : "joined"}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        {groups.length > 0 && (
          <section className="card" aria-labelledby="groups-heading">
            <h2 id="groups-heading">Groups</h2>
            <div className="grid">
              {groups.map((g) => (
                <div key={g.id} className={`group-box side-${g.side}`}>
                  <h3>
                    {g.name} · {sideName(g.side, debate.sides)}
                  </h3>
                  <ul>
                    {g.members.map((m) => (
                      <li key={m.studentId}>{labels.get(m.studentId) ?? m.name}</li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
            {phase !== "ended" && groups.length > 1 && (
              <details className="adjust-groups" open={phase === "lobby"}>
                <summary>Move students between groups</summary>
                <ul className="members">
                  {groups.flatMap((g) =>
                    g.members.map((m) => (
                      <li key={m.studentId}>
                        <span>
                          {m.name} <span className="muted small">({g.name})</span>
                        </span>
                        <MoveStudent sessionId={session.id} student={m} groups={groups} current={g.id} />
                      </li>
                    )),
                  )}
                </ul>
              </details>
            )}
          </section>
        )}
        {results && <DebateResultsView results={results} sides={debate.sides} excerpts={excerpts} labels={snapshot.labels} showPeople />}
        {phase !== "lobby" && (
          <section className="card" aria-labelledby="feed-heading">
            <h2 id="feed-heading">{phase === "ended" ? "Transcript" : "The debate"}</h2>
            <p className="small muted">Hidden posts disappear from the students’ screens at once and stay in the record.</p>
            <DebateFeed />
          </section>
        )}
        {phase !== "lobby" && <DebateText excerpts={excerpts} title={lesson} />}
      </LiveDebate>
    </main>
  );
}

/** What the suggested number of groups makes of the students who joined so far. */
function groupsHint(joined: number, suggested: number): string {
  if (joined < 2) return `Groups of ${GROUP_SIZE.min}–${GROUP_SIZE.max} argue best; wait for students to join.`;
  const { smallest, largest } = groupSizes(joined, suggested);
  const size = smallest === largest ? `${smallest}` : `${smallest}–${largest}`;
  return `For the ${joined} who joined: ${suggested} groups of ${size}. Groups of ${GROUP_SIZE.min}–${GROUP_SIZE.max} argue best.`;
}
