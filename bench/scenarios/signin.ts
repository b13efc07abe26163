/*
 * 2. Sign-in: the sign-in form's POST (CSRF check, throttle bookkeeping, argon2id, the session JWT, the
 * device cookie; lib/auth/sign-in.ts) from browsers that have the sign-in page open, against the raw
 * argon2id verify of the same hash (@node-rs/argon2, as it comes: libuv's pool of 4 threads) in this
 * process, at the same concurrency, and against that verify followed by a `GET /api/health` of the same server:
 * the least any sign-in over HTTP can cost here, so what is left is the sign-in's own handling. Opening the page is a page view like any other and is left out of the ratio; the burst
 * includes it. Then the CPU each costs (the server's for a sign-in, this process's for a verify), which
 * leaves out what the load clients spend on HTTP, and what a plain request costs the server with and without
 * hashes running beside it (they slow everything else on the machine down). Then a burst: 1,000 distinct students signing in at
 * once from one address (a school's NAT), each on a browser the account has never used (no device cookie).
 */
import { verify } from "@node-rs/argon2";
import { openSignInPage, request, signIn, type SignIn, type SignInPage } from "../lib/http";
import { ratio, type Context, type Outcome } from "../lib/context";
import { concurrently, interleaved, median, ms, percentile, round } from "../lib/stats";

export async function signInScenario(ctx: Context): Promise<Outcome> {
  const concurrency = ctx.quick ? 4 : 8;
  const perRound = ctx.quick ? 8 : 40;
  const rounds = ctx.quick ? 2 : 4;
  const accounts = ctx.signInOnly;
  // One open sign-in page per concurrent browser.
  const pages: SignInPage[] = await Promise.all(Array.from({ length: concurrency }, () => openSignInPage(ctx.to)));
  let next = 0;
  const signInOne = async (worker: number) => (await signIn(ctx.to, accounts[next++ % accounts.length]!.username, ctx.password, pages[worker])).ok;
  const verifyOne = () => verify(ctx.passwordHash, ctx.password);
  // The floor for any sign-in over HTTP on this machine: the same hash, plus the cheapest request this server
  // answers (its health check, a bare route handler). What a sign-in costs beyond that is its own handling.
  const floorOne = async () => (await verifyOne()) && (await request(ctx.to, "GET", "/api/health")).status === 200;
  const result = await interleaved(rounds, {
    signIn: () => concurrently(concurrency, perRound, (_, worker) => signInOne(worker)),
    verify: () => concurrently(concurrency, perRound, verifyOne),
    floor: () => concurrently(concurrency, perRound, floorOne),
  });

  // CPU per operation, each side on its own.
  const serverBefore = ctx.server.cpuMs();
  await concurrently(concurrency, perRound, (_, worker) => signInOne(worker));
  const serverMsPerSignIn = (ctx.server.cpuMs() - serverBefore) / perRound;
  const ownBefore = process.cpuUsage();
  await concurrently(concurrency, perRound, verifyOne);
  const own = process.cpuUsage(ownBefore);
  const msPerVerify = (own.user + own.system) / 1000 / perRound;

  // Why a sign-in costs the server more than its hash: argon2 is memory-hard, and whatever else runs beside
  // it is slowed down. The server's CPU for plain health checks, alone and while verifies run in this process.
  const healthCpu = async () => {
    const before = ctx.server.cpuMs();
    await concurrently(4, perRound * 5, async () => (await request(ctx.to, "GET", "/api/health")).status === 200);
    return (ctx.server.cpuMs() - before) / (perRound * 5);
  };
  const quiet = await healthCpu();
  let hashing = true;
  const beside = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (hashing) await verify(ctx.passwordHash, ctx.password);
    }),
  );
  const crowded = await healthCpu();
  hashing = false;
  await beside;

  // The burst: every sign-in started at once, each opening the page first; the time until the last one is in.
  const burst = ctx.quick ? Math.min(50, accounts.length) : Math.min(1000, accounts.length);
  const began = performance.now();
  const outcomes = await Promise.all(
    accounts.slice(0, burst).map((a) =>
      signIn(ctx.to, a.username, ctx.password).then(
        (r) => ({ ...r, doneAt: performance.now() - began }),
        (error: Error) =>
          ({ ok: false, refused: false, status: 0, location: error.message, ms: performance.now() - began, doneAt: performance.now() - began }) as SignIn & { doneAt: number },
      ),
    ),
  );
  const ok = outcomes.filter((o) => o.ok);
  const refused = outcomes.filter((o) => !o.ok && o.refused).length;
  const failed = outcomes.filter((o) => !o.ok && !o.refused);
  const failures = new Map<string, number>();
  for (const f of failed) {
    const key = f.status ? `HTTP ${f.status} → ${f.location.replace(/^https?:\/\/[^/]+/, "").slice(0, 60)}` : f.location.slice(0, 80);
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
  const lastIn = ok.length ? Math.max(...ok.map((o) => o.doneAt)) : NaN;
  const latencies = outcomes.map((o) => o.ms);
  const { signIn: s, verify: v, floor: f } = result;
  return {
    rows: [
      {
        scenario: "2 sign-in vs argon2id verify alone",
        measured: `${s.perSecond}/s, ${ms(s.msPerOp)} (p99 ${ms(s.p99Ms)})`,
        baseline: `${v.perSecond}/s, ${ms(v.msPerOp)}`,
        ratio: `${ratio(v.perSecond, s.perSecond)} slower`,
        notes: `${concurrency} at a time, ${perRound} per round, ${rounds} rounds${s.errors ? `; ${s.errors} sign-ins failed` : ""}; the load clients share the 2 cores`,
      },
      {
        scenario: "2 sign-in vs a verify plus GET /api/health",
        measured: `${s.perSecond}/s`,
        baseline: `${f.perSecond}/s, ${ms(f.msPerOp)}`,
        ratio: `${ratio(f.perSecond, s.perSecond)} slower`,
        notes: "the floor for a sign-in over HTTP here: the hash and the cheapest request, interleaved with the rows above",
      },
      {
        scenario: "2 CPU per sign-in (server) vs per verify",
        measured: ms(serverMsPerSignIn),
        baseline: ms(msPerVerify),
        ratio: `${ratio(serverMsPerSignIn, msPerVerify)} as much`,
        notes: `${perRound} of each, ${concurrency} at a time; every thread of the server process`,
      },
      {
        scenario: "2 server CPU per GET /api/health, argon2 running beside it",
        measured: ms(crowded),
        baseline: `${ms(quiet)} alone`,
        ratio: `${ratio(crowded, quiet)} as much`,
        notes: `${perRound * 5} requests, 4 at a time, while 4 verifies run in this process`,
      },
      {
        scenario: `2 burst: ${burst} sign-ins at once, one address`,
        measured: `last in after ${round(lastIn / 1000, 1)} s (${round((ok.length / lastIn) * 1000, 1)}/s)`,
        baseline: `${s.perSecond}/s steady`,
        ratio: `p50 ${round(median(latencies) / 1000, 1)} s, p99 ${round(percentile(latencies, 99) / 1000, 1)} s`,
        notes: `${ok.length} in, ${refused} refused by the throttle, ${failed.length} failed${failures.size ? ` (${[...failures].map(([k, n]) => `${n}× ${k}`).join("; ")})` : ""}`,
      },
    ],
    details: {
      concurrency,
      perRound,
      rounds,
      signIn: s,
      verify: v,
      floor: f,
      cpu: { serverMsPerSignIn: round(serverMsPerSignIn, 2), msPerVerify: round(msPerVerify, 2), healthMs: round(quiet, 2), healthBesideArgon2Ms: round(crowded, 2) },
      burst: {
        count: burst,
        ok: ok.length,
        refused,
        failed: failed.length,
        failures: Object.fromEntries(failures),
        lastInMs: round(lastIn, 0),
        p50Ms: round(median(latencies), 0),
        p99Ms: round(percentile(latencies, 99), 0),
      },
    },
  };
}
