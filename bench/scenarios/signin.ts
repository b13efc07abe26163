/*
 * 2. Sign-in: next-auth's whole credentials flow (csrf, callback, throttle bookkeeping, argon2id, the JWT)
 * against the password check alone (lib/auth/password.ts verifyPassword, the same argon2id parameters) in
 * this process, at the same concurrency. Then a burst: 1,000 distinct students signing in at once from one
 * address (a school's NAT), each on a browser the account has never used (no device cookie).
 */
import { verifyPassword } from "../../lib/auth/password";
import { signIn, type SignIn } from "../lib/http";
import { ratio, type Context, type Outcome } from "../lib/context";
import { concurrently, interleaved, median, ms, percentile, round } from "../lib/stats";

export async function signInScenario(ctx: Context): Promise<Outcome> {
  const concurrency = ctx.quick ? 4 : 8;
  const perRound = ctx.quick ? 8 : 40;
  const rounds = ctx.quick ? 2 : 4;
  const accounts = ctx.signInOnly;
  let next = 0;
  const result = await interleaved(rounds, {
    signIn: () => concurrently(concurrency, perRound, async () => (await signIn(ctx.to, accounts[next++ % accounts.length]!.username, ctx.password)).ok),
    verify: () => concurrently(concurrency, perRound, () => verifyPassword(ctx.passwordHash, ctx.password)),
  });

  // The burst: every sign-in started at once; the time until the last one is in.
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
  const { signIn: s, verify: v } = result;
  return {
    rows: [
      {
        scenario: "2 sign-in vs argon2id verify alone",
        measured: `${s.perSecond}/s, ${ms(s.msPerOp)} (p99 ${ms(s.p99Ms)})`,
        baseline: `${v.perSecond}/s, ${ms(v.msPerOp)}`,
        ratio: `${ratio(v.perSecond, s.perSecond)} slower`,
        notes: `${concurrency} at a time, ${perRound} per round, ${rounds} rounds${s.errors ? `; ${s.errors} sign-ins failed` : ""}`,
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
