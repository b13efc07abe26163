/*
 * 7. The same school on PostgreSQL (issue 13). The bench's SQLite database is copied into a throwaway
 * PostgreSQL cluster (`npm run db:copy`'s code, verified table by table), served by one instance and by two
 * on it, and measured against the SQLite server in the same interleaved rounds: autosave (N signed-in
 * students, one PUT at a time each; with two instances the students are split between them, as a
 * balancer would spread them), sign-in, the instructor's pages (scenario 4's, both CSV exports among them),
 * and the debate fan-out (scenario 6's sessions, copied, their streams split between the instances and
 * every post made through one, so most screens are reached by NOTIFY). Every server is on this machine's two
 * cores, PostgreSQL too: the ratios say what the data layer and the database cost here, not what a
 * district's separate database server would give.
 */
import { Client } from "pg";
import path from "node:path";
import { copyToPostgres } from "../../db/copy";
import { connectPostgres } from "../../db/database";
import { eventsSince } from "../../db/queries/debates";
import { startPostgres } from "../../scripts/lib/postgres.mjs";
import { ratio, sessionOf, type Context, type Outcome, type Row } from "../lib/context";
import { openSignInPage, request, signIn, target, type Target } from "../lib/http";
import { freePort, Server, serverEnv } from "../lib/server";
import { autosaveLoad } from "./autosave";
import { fanOut, type LiveSession } from "./debate";
import { instructorPageList } from "./instructor";
import { concurrently, interleaved, ms, round, type Sample, type SideSummary } from "../lib/stats";

export async function onPostgres(ctx: Context, databaseFile: string, dir: string, debating?: Outcome & { live: LiveSession[] }): Promise<Outcome> {
  const cluster = await startPostgres();
  const servers: Server[] = [];
  try {
    const url = new URL(cluster.url);
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query("CREATE DATABASE colloquy_bench");
    await admin.end();
    url.pathname = "/colloquy_bench";
    const copyStarted = performance.now();
    const copied = await copyToPostgres(databaseFile, url.toString());
    const copySeconds = round((performance.now() - copyStarted) / 1000, 1);
    const rows = copied.tables.reduce((n, t) => n + t.rows, 0);

    for (const name of ["a", "b"]) {
      const port = await freePort();
      const server = new Server(port, { ...serverEnv(port, databaseFile, ctx.secret), DATABASE_URL: url.toString() }, path.join(dir, `server-pg-${name}.log`));
      servers.push(server);
      await server.start();
    }
    const [a, b] = servers.map((s) => target(s.port)) as [Target, Target];
    const onOne = [a];
    const onTwo = [a, b];
    const onSqlite = [ctx.to];

    // Autosave, as scenario 1 does it.
    const { clients, perClient, rounds, assignmentId, cookies, batch } = await autosaveLoad(ctx, 71);
    const refused = new Map<string, number>();
    const autosave = (to: Target[], side: string) => () =>
      concurrently(clients, clients * perClient, async (_, worker) => {
        const server = to[worker % to.length]!;
        const reply = await request(server, "PUT", `/api/assignments/${assignmentId}/draft`, {
          headers: { "Content-Type": "application/json", Cookie: cookies[worker]!.header, Origin: server.origin },
          body: batch(),
        });
        if (reply.status !== 200) refused.set(`${side} HTTP ${reply.status}`, (refused.get(`${side} HTTP ${reply.status}`) ?? 0) + 1);
        return reply.status === 200;
      });
    const saves = await interleaved(rounds, { sqlite: autosave(onSqlite, "SQLite"), one: autosave(onOne, "PostgreSQL"), two: autosave(onTwo, "PostgreSQL ×2") });

    // Sign-in: distinct accounts from the sign-in-only pool, a page open per concurrent browser.
    const concurrency = ctx.quick ? 4 : 8;
    const perRound = ctx.quick ? 8 : 40;
    let next = 0;
    const signIns = (to: Target[]) => {
      const pages = Promise.all(Array.from({ length: concurrency }, (_, i) => openSignInPage(to[i % to.length]!)));
      return async (): Promise<Sample> => {
        const open = await pages;
        return concurrently(concurrency, perRound, async (_, worker) => (await signIn(to[worker % to.length]!, ctx.signInOnly[next++ % ctx.signInOnly.length]!.username, ctx.password, open[worker])).ok);
      };
    };
    const signInRounds = ctx.quick ? 2 : 3;
    const signedIn = await interleaved(signInRounds, { sqlite: signIns(onSqlite), one: signIns(onOne), two: signIns(onTwo) });

    // The instructor's pages, one request at a time as an instructor opens them; with two instances the
    // requests take turns between them.
    const teacher = await sessionOf(ctx, ctx.seeded.instructor);
    const pagesPerRound = ctx.quick ? 2 : 5;
    type Side = "sqlite" | "one" | "two";
    const pages: ({ name: string; bytes: Record<Side, number> } & Record<Side, SideSummary>)[] = [];
    for (const page of instructorPageList(ctx)) {
      const headers = { Cookie: (page.as ? await sessionOf(ctx, page.as) : teacher).header };
      const bytes = { sqlite: 0, one: 0, two: 0 };
      const fetchPage = (to: Target[], side: Side) => () =>
        concurrently(1, pagesPerRound, async (i) => {
          const reply = await request(to[i % to.length]!, "GET", page.path, { headers });
          bytes[side] = reply.body.length;
          return reply.status === 200;
        });
      const result = await interleaved(rounds, { sqlite: fetchPage(onSqlite, "sqlite"), one: fetchPage(onOne, "one"), two: fetchPage(onTwo, "two") });
      pages.push({ name: page.name, bytes, ...result });
    }

    // The debate fan-out, on scenario 6's sessions (copied with the rest, still in their opening round).
    const fanOuts: { one?: Outcome; two?: Outcome } = {};
    if (debating) {
      const pg = connectPostgres(url.toString(), 2);
      try {
        for (const [key, streams] of [["one", onOne], ["two", onTwo]] as const) {
          // Each run's streams begin after what is stored already.
          const live = await Promise.all(debating.live.map(async (s) => ({ ...s, lastEventId: (await eventsSince(pg.db, s.id, 0)).at(-1)?.id ?? 0 })));
          fanOuts[key] = await fanOut(ctx, live, { streams, posts: a, servers: servers.slice(0, streams.length) });
        }
      } finally {
        await pg.close();
      }
    }

    const notRefused = [...refused].map(([what, count]) => `${count}× ${what}`);
    const copyNote = `${rows.toLocaleString("en")} rows copied and verified in ${copySeconds} s`;
    return {
      rows: [
        {
          scenario: "7 PostgreSQL autosave, 1 instance vs SQLite",
          measured: `${saves.one.perSecond} req/s, ${ms(saves.one.msPerOp)} (p99 ${ms(saves.one.p99Ms)})`,
          baseline: `${saves.sqlite.perSecond} req/s, ${ms(saves.sqlite.msPerOp)}`,
          ratio: `${ratio(saves.one.perSecond, saves.sqlite.perSecond)} the rate`,
          notes: `${clients} students, ${perClient} saves each per round, ${rounds} rounds; ${copyNote}${notRefused.length ? `; not saved: ${notRefused.join(", ")}` : ""}`,
        },
        {
          scenario: "7 PostgreSQL autosave, 2 instances vs SQLite",
          measured: `${saves.two.perSecond} req/s, ${ms(saves.two.msPerOp)} (p99 ${ms(saves.two.p99Ms)})`,
          baseline: `${saves.sqlite.perSecond} req/s`,
          ratio: `${ratio(saves.two.perSecond, saves.sqlite.perSecond)} the rate`,
          notes: "the students split between the two instances; all three servers and PostgreSQL share the 2 cores",
        },
        {
          scenario: "7 PostgreSQL sign-in, 1 / 2 instances vs SQLite",
          measured: `${signedIn.one.perSecond} / ${signedIn.two.perSecond} per s`,
          baseline: `${signedIn.sqlite.perSecond} per s`,
          ratio: `${ratio(signedIn.one.perSecond, signedIn.sqlite.perSecond)} / ${ratio(signedIn.two.perSecond, signedIn.sqlite.perSecond)} the rate`,
          notes: `${concurrency} browsers at once, ${perRound} sign-ins a round, ${signInRounds} rounds (argon2id dominates on every database)`,
        },
        ...pages.map((page) => ({
          scenario: `7 PostgreSQL ${page.name}, 1 / 2 instances vs SQLite`,
          measured: `${ms(page.one.msPerOp)} / ${ms(page.two.msPerOp)} (p99 ${ms(page.one.p99Ms)} / ${ms(page.two.p99Ms)})`,
          baseline: ms(page.sqlite.msPerOp),
          ratio: `${ratio(page.one.msPerOp, page.sqlite.msPerOp)} / ${ratio(page.two.msPerOp, page.sqlite.msPerOp)} the time`,
          notes: `${bytesNote(page.bytes)}; one request at a time, ${pagesPerRound} a round, ${rounds} rounds`,
        })),
        ...(debating && fanOuts.one && fanOuts.two ? [fanOutRow(debating, fanOuts.one, fanOuts.two)] : []),
      ],
      details: {
        copiedRows: rows,
        copySeconds,
        nulsRemoved: copied.nulsRemoved,
        autosave: saves,
        signIn: signedIn,
        pages,
        fanOut: { one: fanOuts.one?.details, two: fanOuts.two?.details },
        refused: Object.fromEntries(refused),
      },
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    cluster.stop();
  }
}

type FanOutDetails = { latencyMs: { p50: number; p95: number }; delivered: number; expectedDeliveries: number; server: { released: boolean } };

/** One row: post-to-screen p95 with one and two PostgreSQL instances against scenario 6's on SQLite. */
function fanOutRow(sqlite: Outcome, one: Outcome, two: Outcome): Row {
  const [s, o, t] = [sqlite, one, two].map((run) => run.details as FanOutDetails) as [FanOutDetails, FanOutDetails, FanOutDetails];
  const delivered = (d: FanOutDetails) => `${d.delivered}/${d.expectedDeliveries}`;
  return {
    scenario: "7 PostgreSQL debate fan-out, 1 / 2 instances vs SQLite",
    measured: `post→screen p95 ${round(o.latencyMs.p95, 0)} / ${round(t.latencyMs.p95, 0)} ms (p50 ${round(o.latencyMs.p50, 0)} / ${round(t.latencyMs.p50, 0)})`,
    baseline: `p95 ${round(s.latencyMs.p95, 0)} ms (p50 ${round(s.latencyMs.p50, 0)}), scenario 6`,
    ratio: `${ratio(o.latencyMs.p95, s.latencyMs.p95)} / ${ratio(t.latencyMs.p95, s.latencyMs.p95)} the p95`,
    notes: `deliveries ${delivered(o)} / ${delivered(t)}; streams split between the instances, posts through one; connections ${o.server.released && t.server.released ? "released" : "NOT released"} after`,
  };
}

/** The pages' sizes agree across databases but for a few bytes of ids and ports. */
function bytesNote(bytes: Record<"sqlite" | "one" | "two", number>): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return bytes.one === bytes.sqlite ? `${kib(bytes.sqlite)} on each` : `${kib(bytes.one)} on PostgreSQL, ${kib(bytes.sqlite)} on SQLite`;
}
