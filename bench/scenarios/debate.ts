/*
 * 6. Debate fan-out: several live sessions, started and set up (joined, polled, grouped, opening round)
 * with the app's query functions, then every student holding the session's event stream
 * (/api/debates/:id/events with their own session cookie, as the debate page's EventSource does). Posts
 * go through the real path: the debate page's postAction server action, called as Next's client calls it.
 * Measured at the clients: from sending a post to each screen receiving it. Server memory and its open
 * sockets before, during and after, to see the connections released once the clients hang up.
 * `fanOut` is the measurement alone, for any set of servers: scenario 7 runs it again on PostgreSQL.
 */
import { sqliteDatabase } from "../../db/database";
import { advanceDebate, eventsSince, formDebateGroups, joinDebate, listGroups, recordPoll, startDebate } from "../../db/queries/debates";
import { callAction, closeIdleSockets, openStream, type Stream, type Target } from "../lib/http";
import { actionId, ratio, sessionOf, type Context, type Outcome } from "../lib/context";
import { root, type Server } from "../lib/server";
import { median, percentile, round, sleep } from "../lib/stats";

/** A live session in its opening round: its students, each one's group, and its last event so far. */
export type LiveSession = { id: number; students: number[]; groupOf: Map<number, number>; lastEventId: number };

export async function debates(ctx: Context): Promise<Outcome & { live: LiveSession[] }> {
  const sessionsWanted = ctx.quick ? 2 : 6;
  const perSession = ctx.quick ? 10 : 50;
  const teacherId = ctx.seeded.instructor.id;

  // The sessions: one per class of the term, each with its first `perSession` students (distinct across classes).
  const live: LiveSession[] = [];
  const db = sqliteDatabase(ctx.db);
  for (const cls of ctx.school!.classes.slice(0, sessionsWanted)) {
    const started = await startDebate(db, teacherId, cls.assignmentIds[0]!, ctx.lesson.debates[0]!.id);
    if (started.status !== "started") throw new Error(`startDebate: ${started.status}`);
    const id = started.session.id;
    const students = cls.studentIds.slice(0, perSession);
    for (const [i, studentId] of students.entries()) {
      await joinDebate(db, studentId, id);
      await recordPoll(db, studentId, id, "pre", 1 + (i % 5), 3);
    }
    const formed = await formDebateGroups(db, teacherId, id, { groups: 4, mode: "mixed", opposite: false });
    if (formed.status !== "formed") throw new Error(`formDebateGroups: ${formed.status}`);
    const advanced = await advanceDebate(db, teacherId, id);
    if (advanced.status !== "advanced") throw new Error(`advanceDebate: ${advanced.status}`);
    const groupOf = new Map((await listGroups(db, id)).flatMap((g) => g.members.map((m) => [m.studentId, g.id] as const)));
    live.push({ id, students, groupOf, lastEventId: (await eventsSince(db, id, 0)).at(-1)?.id ?? 0 });
  }

  const outcome = await fanOut(ctx, live, { streams: [ctx.to], posts: ctx.to, servers: [ctx.server] });
  return { ...outcome, live, rows: outcome.rows.map((row) => ({ ...row, scenario: `6 ${row.scenario}` })) };
}

/**
 * Every student of `live` holds their session's stream, on `on.streams` in turn (as a balancer spreads
 * them); posts go through `on.posts`. Memory and open sockets are summed over `on.servers`.
 */
export async function fanOut(ctx: Context, live: LiveSession[], on: { streams: Target[]; posts: Target; servers: Server[] }): Promise<Outcome> {
  const postsPerSession = ctx.quick ? 3 : 10;
  const byId = new Map(ctx.seeded.students.map((s) => [s.id, s]));
  const postAction = actionId(root, "app/debates/[debateId]/actions.ts", "postAction");
  const rssMiB = () => round(on.servers.reduce((n, s) => n + s.rssMiB(), 0), 1);
  const sockets = () => on.servers.reduce((n, s) => n + s.sockets(), 0);

  closeIdleSockets();
  await sleep(500);
  const before = { rssMiB: rssMiB(), sockets: sockets() };

  // Every student opens the stream; each post's arrival is timed against the moment it was sent.
  const sentAt = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  const streams: Stream[] = [];
  const openedAt = performance.now();
  const clients = live.flatMap((session) => session.students.map((studentId) => ({ session, studentId }))).map((c, i) => ({ ...c, to: on.streams[i % on.streams.length]! }));
  for (let i = 0; i < clients.length; i += 25) {
    const opened = await Promise.all(
      clients.slice(i, i + 25).map(async ({ session, studentId, to }) => {
        const cookies = await sessionOf(ctx, byId.get(studentId)!);
        const stream = await openStream(to, `/api/debates/${session.id}/events?after=${session.lastEventId}`, cookies, (event) => {
          if (event.event !== "post") return;
          const marker = /bench-post-\d+-\d+/.exec(event.data)?.[0];
          const sent = marker && sentAt.get(marker);
          if (sent) arrivals.get(marker)!.push(event.at - sent);
        });
        if (stream.status !== 200) throw new Error(`stream of session ${session.id}: HTTP ${stream.status}`);
        return stream;
      }),
    );
    streams.push(...opened);
  }
  const openMs = performance.now() - openedAt;
  await sleep(1000);
  const during = { rssMiB: rssMiB(), sockets: sockets() };

  // Posts: one at a time across the sessions, a different author each (the 3-second rule is per student).
  const postMs: number[] = [];
  const refused: string[] = [];
  for (let j = 0; j < postsPerSession; j++) {
    for (const session of live) {
      const author = session.students[j % session.students.length]!;
      const marker = `bench-post-${session.id}-${j}`;
      arrivals.set(marker, []);
      const cookies = await sessionOf(ctx, byId.get(author)!);
      sentAt.set(marker, performance.now());
      const reply = await callAction(on.posts, `/debates/${session.id}`, postAction, cookies, [
        ["sessionId", String(session.id)],
        ["groupId", String(session.groupOf.get(author))],
        ["kind", "claim"],
        ["replyTo", ""],
        ["body", `${marker}: the text shows the policy changed because the leaders wanted to keep power.`],
      ]);
      postMs.push(reply.ms);
      if (reply.status !== 200 || !reply.text().includes("Posted as #")) refused.push(`${marker}: HTTP ${reply.status} ${reply.text().slice(0, 120)}`);
      await sleep(100);
    }
  }
  // Until every screen has every post (or 15 s).
  const expected = live.reduce((n, session) => n + postsPerSession * session.students.length, 0);
  const deadline = Date.now() + 15_000;
  const received = () => [...arrivals.values()].reduce((n, a) => n + a.length, 0);
  const perSession = expected / postsPerSession / live.length;
  while (received() < expected - refused.length * perSession && Date.now() < deadline) await sleep(100);
  const duringPosts = { rssMiB: rssMiB(), sockets: sockets() };

  for (const stream of streams) stream.close();
  await Promise.all(streams.map((s) => s.closed));
  // The posters' keep-alive sockets too: what remains open on the server afterwards is what it kept itself.
  closeIdleSockets();
  await sleep(3000);
  const after = { rssMiB: rssMiB(), sockets: sockets() };

  const latencies = [...arrivals.values()].flat();
  const delivered = received();
  const released = after.sockets <= before.sockets + 5;
  return {
    rows: [
      {
        scenario: `debate fan-out: ${clients.length} SSE clients, ${live.length} sessions`,
        measured: `post→screen p50 ${round(median(latencies), 0)} ms, p95 ${round(percentile(latencies, 95), 0)}, max ${round(Math.max(...latencies), 0)}`,
        baseline: `post request p50 ${round(median(postMs), 0)} ms`,
        ratio: ratio(median(latencies), median(postMs)),
        notes:
          // Below 1×: screens have the post before its author's reply, which also carries the re-rendered page (refresh()).
          `${delivered}/${expected} deliveries, ${refused.length} posts refused; RSS ${before.rssMiB} → ${during.rssMiB} → ${duringPosts.rssMiB} → ${after.rssMiB} MiB; ` +
          `server sockets ${before.sockets} → ${during.sockets} → ${after.sockets}${released ? " (released)" : " (NOT released)"}; ${clients.length} streams opened in ${round(openMs / 1000, 1)} s`,
      },
    ],
    details: {
      sessions: live.length,
      clients: clients.length,
      posts: live.length * postsPerSession,
      expectedDeliveries: expected,
      delivered,
      refusedPosts: refused.slice(0, 10),
      latencyMs: { p50: round(median(latencies), 1), p95: round(percentile(latencies, 95), 1), max: round(Math.max(...latencies), 1) },
      postRequestMs: { p50: round(median(postMs), 1), p99: round(percentile(postMs, 99), 1) },
      streamsOpenMs: round(openMs, 0),
      server: { before, during, duringPosts, after, released },
    },
  };
}
