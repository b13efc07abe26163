/* Medians, percentiles and the interleaved rounds every ratio is measured with. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p99 of 300 values is the 297th, a value that was really measured.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value);

/** Milliseconds for the table: as many digits as mean something at that size. */
export const ms = (value: number) => `${round(value, value >= 100 ? 0 : value >= 10 ? 1 : 2)} ms`;

/** What one side measured in one round: how many operations, in how long, and each one's time. */
export type Sample = { ops: number; ms: number; latencies: number[]; bytes?: number; errors?: number };

export type SideSummary = {
  rounds: number;
  /** Median over rounds of ops per second. */
  perSecond: number;
  /** Median over rounds of each round's median per-operation time. */
  msPerOp: number;
  /** p99 over every operation of every round. */
  p99Ms: number;
  bytes?: number;
  errors: number;
  perRound: { ops: number; ms: number }[];
};

export function summarise(samples: Sample[]): SideSummary {
  return {
    rounds: samples.length,
    perSecond: round(median(samples.map((s) => (s.ops / s.ms) * 1000)), 1),
    msPerOp: round(median(samples.map((s) => median(s.latencies))), 3),
    p99Ms: round(
      percentile(
        samples.flatMap((s) => s.latencies),
        99,
      ),
      3,
    ),
    bytes: samples.find((s) => s.bytes !== undefined)?.bytes,
    errors: samples.reduce((n, s) => n + (s.errors ?? 0), 0),
    perRound: samples.map((s) => ({ ops: s.ops, ms: round(s.ms, 1) })),
  };
}

/**
 * Runs every side once per round, the order alternating between rounds (A B C, C B A, A B C…), so that a
 * neighbour's build or a warming cache weighs on every side alike; the ratio is taken of medians over rounds.
 * One round is run first and discarded: the server's first requests of a route load and JIT its code.
 */
export async function interleaved<K extends string>(rounds: number, sides: Record<K, () => Promise<Sample>>): Promise<Record<K, SideSummary>> {
  const names = Object.keys(sides) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as Sample[]])) as unknown as Record<K, Sample[]>;
  for (const name of names) await sides[name]();
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) samples[name].push(await sides[name]());
  }
  return Object.fromEntries(names.map((n) => [n, summarise(samples[n])])) as Record<K, SideSummary>;
}

/** `workers` loops at once, each taking the next job until `jobs` have been started; every job timed. */
export async function concurrently(workers: number, jobs: number, job: (i: number, worker: number) => Promise<boolean | void>): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next < jobs) {
        const i = next++;
        const t = performance.now();
        try {
          if ((await job(i, worker)) === false) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ops: jobs, ms: performance.now() - started, latencies, errors };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
