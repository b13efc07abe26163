/*
 * 1. Autosave through the whole stack: N signed-in students at once, each sending one PUT at a time as the
 * lesson page does, each a realistic batch (a short answer being typed, an evidence pick, a choice). Against
 * the bare route handler on the same server (GET /api/health: Next, the proxy, no session and one tiny
 * query) and against better-sqlite3 doing the same access check and upserts in this process.
 */
import { request } from "../lib/http";
import { ratio, sessionOf, type Context, type Outcome } from "../lib/context";
import { answerFor, generator } from "../lib/seed";
import { concurrently, interleaved, ms, type Sample } from "../lib/stats";

/**
 * What an autosave scenario sends: its size (students, saves each per round, rounds), those students'
 * session cookies, and `batch()`, the next save's body (a short answer being typed, an evidence pick, a
 * choice). Scenario 7 (PostgreSQL) sends the same.
 */
export async function autosaveLoad(ctx: Context, seed: number) {
  const clients = ctx.quick ? 10 : 50;
  const perClient = ctx.quick ? 5 : 20;
  const rounds = ctx.quick ? 2 : 5;
  const assignmentId = ctx.school!.live.autosaveAssignmentId;
  const students = ctx.seeded.students.slice(0, clients);
  const cookies = await Promise.all(students.map((s) => sessionOf(ctx, s)));
  const random = generator(seed);
  const sentenceIds = [...ctx.index.sentenceIds];
  const pick = (type: string) => ctx.index.items.find((item) => item.kind === "question" && item.question.type === type)!;
  const batchItems = [pick("short"), pick("evidence"), pick("single")];
  let n = 0;
  const batch = () => JSON.stringify({ answers: Object.fromEntries(batchItems.map((item) => [item.id, answerFor(item, ++n, random, sentenceIds)])) });
  return { clients, perClient, rounds, assignmentId, students, cookies, batch };
}

export async function autosave(ctx: Context): Promise<Outcome> {
  const { clients, perClient, rounds, assignmentId, students, cookies, batch } = await autosaveLoad(ctx, 56);

  const statuses = new Map<number, number>();
  const http = (method: "PUT" | "GET") => () =>
    concurrently(clients, clients * perClient, async (_, worker) => {
      const reply =
        method === "PUT"
          ? await request(ctx.to, "PUT", `/api/assignments/${assignmentId}/draft`, {
              headers: { "Content-Type": "application/json", Cookie: cookies[worker]!.header, Origin: ctx.to.origin },
              body: batch(),
            })
          : await request(ctx.to, "GET", "/api/health", { headers: { Cookie: cookies[worker]!.header } });
      if (method === "PUT") statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      return reply.status === 200;
    });

  // The same work in-process: the membership check the route makes, then one IMMEDIATE transaction of upserts.
  const sqlite = ctx.db.$client;
  const access = sqlite.prepare(
    `SELECT a.id, t.id AS attemptId, t.status FROM assignments a JOIN classes c ON c.id = a.class_id
     JOIN enrollments e ON e.class_id = a.class_id AND e.student_id = ? AND e.status = 'active'
     LEFT JOIN attempts t ON t.assignment_id = a.id AND t.student_id = ? WHERE a.id = ?`,
  );
  const createAttempt = sqlite.prepare("INSERT INTO attempts (assignment_id, student_id, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
  const upsert = sqlite.prepare(
    `INSERT INTO responses (attempt_id, item_id, answer, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (attempt_id, item_id) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at`,
  );
  const touch = sqlite.prepare("UPDATE attempts SET updated_at = ? WHERE id = ?");
  const save = sqlite.transaction((studentId: number, body: string) => {
    const now = Date.now();
    const row = access.get(studentId, studentId, assignmentId) as { attemptId: number | null } | undefined;
    if (!row) throw new Error("not enrolled");
    const attemptId = row.attemptId ?? (createAttempt.get(assignmentId, studentId, now) as { id: number }).id;
    for (const [itemId, answer] of Object.entries((JSON.parse(body) as { answers: Record<string, unknown> }).answers)) upsert.run(attemptId, itemId, JSON.stringify(answer), now);
    touch.run(now, attemptId);
  });
  const inProcess = async (): Promise<Sample> => {
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < clients * perClient; i++) {
      const t = performance.now();
      save.immediate(students[i % clients]!.id, batch());
      latencies.push(performance.now() - t);
    }
    return { ops: clients * perClient, ms: performance.now() - started, latencies };
  };

  const result = await interleaved(rounds, { autosave: http("PUT"), health: http("GET"), sqlite: inProcess });
  const { autosave: put, health, sqlite: raw } = result;
  const refused = [...statuses].filter(([status]) => status !== 200).map(([status, count]) => `${count}×HTTP ${status}`);
  const notes = `${clients} students, ${perClient} saves each per round, ${rounds} rounds, 3 answers a save${refused.length ? `; not saved: ${refused.join(", ")}` : ""}`;
  return {
    rows: [
      {
        scenario: "1 autosave PUT vs GET /api/health",
        measured: `${put.perSecond} req/s, ${ms(put.msPerOp)} (p99 ${ms(put.p99Ms)})`,
        baseline: `${health.perSecond} req/s, ${ms(health.msPerOp)}`,
        ratio: `${ratio(health.perSecond, put.perSecond)} slower`,
        notes,
      },
      {
        scenario: "1 autosave PUT vs better-sqlite3 in-process",
        measured: `${put.perSecond} saves/s`,
        baseline: `${raw.perSecond} saves/s, ${ms(raw.msPerOp)}`,
        ratio: `${ratio(raw.perSecond, put.perSecond)} slower`,
        notes: "same access check + upserts + touch, one IMMEDIATE transaction each, sequential",
      },
    ],
    details: { clients, perClient, rounds, statuses: Object.fromEntries(statuses), autosave: put, health, sqlite: raw },
  };
}
