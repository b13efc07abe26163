/*
 * 3. A class period: N students start within a window, each signs in (the real credentials flow), autosaves
 * three times (a third of the lesson each time, the last one also revising the first answer), opens the
 * lesson page and submits. Submitting is the lesson form's server action, sent as the form's own
 * no-JavaScript post (multipart, the hidden $ACTION fields the page renders, intent=submit), which is what
 * the Submit button sends without scripts; it answers 303 to ?submitted=1. Afterwards every acknowledged
 * save and submit is looked for in the database. The baseline is the bare route handler, asked at the same
 * time by one more client: a period on a loaded machine is slow for both.
 */
import { and, eq } from "drizzle-orm";
import { attempts, responses } from "../../db/schema";
import type { Answer } from "../../lib/answers";
import { multipart, request, signIn, type Cookies } from "../lib/http";
import { ratio, type Context, type Outcome } from "../lib/context";
import { answerFor, formFields, generator } from "../lib/seed";
import { percentile, round, sleep } from "../lib/stats";

const decode = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" };
    if (entity[0] !== "#") return named[entity.toLowerCase()]!;
    return String.fromCodePoint(entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });

/** The hidden fields of the lesson form (React's server-action fields among them), as scripts/durability.ts reads them. */
export function lessonFormHidden(html: string): [string, string][] {
  const start = html.search(/<form[^>]*class="lesson-form"/);
  if (start < 0) throw new Error("The lesson page has no lesson form.");
  const form = html.slice(start, html.indexOf("</form>", start));
  const hidden: [string, string][] = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name) hidden.push([decode(name), decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "")]);
  }
  if (!hidden.some(([name]) => name.startsWith("$ACTION"))) throw new Error("The lesson form carries no server-action fields.");
  return hidden;
}

/** Key order does not matter to equality of stored JSON. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

type Step = "sign-in" | "autosave" | "page" | "submit";

export async function period(ctx: Context): Promise<Outcome> {
  const count = ctx.quick ? 30 : 300;
  const windowMs = ctx.quick ? 4_000 : 30_000;
  const think = ctx.quick ? [100, 300] : [500, 2_500];
  const assignmentId = ctx.school!.live.periodAssignmentId;
  const students = ctx.seeded.students.slice(0, count);
  const items = ctx.index.items;
  const sentenceIds = [...ctx.index.sentenceIds];
  const thirds = [items.slice(0, 8), items.slice(8, 16), items.slice(16)];
  const latencies: Record<Step, number[]> = { "sign-in": [], autosave: [], page: [], submit: [] };
  const errors: string[] = [];
  // Per student: the answers the server acknowledged, those sent since without a reply (a save cut off may
  // still have committed, so the database may hold one of them instead), and whether the submit was acknowledged.
  type Track = { answers: Map<string, Answer>; unacked: Map<string, Answer[]>; submitted: boolean };
  const acked = new Map<number, Track>();
  const random = generator(78);

  const timed = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await run();
    latencies[step].push(performance.now() - t);
    return value;
  };

  // The baseline, under the same load at the same moment: one client asking the bare route handler
  // (GET /api/health) every 100 ms while the period runs.
  let running = true;
  const canary: number[] = [];
  const probing = (async () => {
    while (running) {
      const reply = await request(ctx.to, "GET", "/api/health").catch(() => undefined);
      if (reply) canary.push(reply.ms);
      await sleep(100);
    }
  })();

  const began = performance.now();
  let lastDone = 0;
  await Promise.all(
    students.map(async (student, s) => {
      const record: Track = { answers: new Map(), unacked: new Map(), submitted: false };
      acked.set(student.id, record);
      await sleep(random() * windowMs);
      try {
        const login = await timed("sign-in", () => signIn(ctx.to, student.username, ctx.password));
        if (!login.ok) throw new Error(`sign-in: HTTP ${login.status} → ${login.location}`);
        const cookies: Cookies = login.cookies;
        const headers = { Cookie: cookies.header, Origin: ctx.to.origin };
        const answers = new Map<string, Answer>();
        for (let save = 0; save < 3; save++) {
          const batch = thirds[save]!.map((item) => [item.id, answerFor(item, s * 10 + save, random, sentenceIds)] as const);
          if (save === 2) batch.push([items[0]!.id, answerFor(items[0]!, s * 10 + 9, random, sentenceIds)]);
          for (const [id, answer] of batch) record.unacked.set(id, [...(record.unacked.get(id) ?? []), answer]);
          const reply = await timed("autosave", () =>
            request(ctx.to, "PUT", `/api/assignments/${assignmentId}/draft`, {
              headers: { ...headers, "Content-Type": "application/json" },
              body: JSON.stringify({ answers: Object.fromEntries(batch) }),
            }),
          );
          if (reply.status !== 200) throw new Error(`autosave: HTTP ${reply.status} ${reply.text().slice(0, 120)}`);
          for (const [id, answer] of batch) {
            answers.set(id, answer);
            record.answers.set(id, answer);
            record.unacked.delete(id);
          }
          await sleep(think[0]! + random() * (think[1]! - think[0]!));
        }
        const page = await timed("page", () => request(ctx.to, "GET", `/assignments/${assignmentId}`, { headers }));
        if (page.status !== 200) throw new Error(`lesson page: HTTP ${page.status}`);
        // The whole form as the student leaves it: the saved answers, every question answered.
        const fields: [string, string][] = [...lessonFormHidden(page.text()), ...items.flatMap((item) => formFields(item, answers.get(item.id)!)), ["intent", "submit"]];
        const { body, contentType } = multipart(fields);
        const reply = await timed("submit", () => request(ctx.to, "POST", `/assignments/${assignmentId}`, { headers: { ...headers, "Content-Type": contentType }, body }));
        const location = String(reply.headers.location ?? "");
        if (reply.status !== 303 || !location.includes("submitted=1")) throw new Error(`submit: HTTP ${reply.status} → ${location || "(no redirect)"}`);
        record.submitted = true;
        lastDone = Math.max(lastDone, performance.now() - began);
      } catch (error) {
        errors.push(`${student.username}: ${(error as Error).message}`);
      }
    }),
  );
  running = false;
  await probing;

  // Every acknowledged write must be in the database: each answer as last acknowledged (the submit sent the
  // same answers), and the attempt submitted when its submit was acknowledged.
  const lost: string[] = [];
  for (const student of students) {
    const record = acked.get(student.id)!;
    const attempt = ctx.db
      .select({ id: attempts.id, status: attempts.status })
      .from(attempts)
      .where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.studentId, student.id)))
      .get();
    if (record.submitted && attempt?.status !== "submitted") lost.push(`${student.username}: acknowledged submit is ${attempt?.status ?? "missing"}`);
    if (record.answers.size === 0) continue;
    const stored = new Map(
      attempt
        ? ctx.db
            .select({ itemId: responses.itemId, answer: responses.answer })
            .from(responses)
            .where(eq(responses.attemptId, attempt.id))
            .all()
            .map((r) => [r.itemId, canonical(r.answer)])
        : [],
    );
    for (const [itemId, answer] of record.answers) {
      const allowed = [answer, ...(record.unacked.get(itemId) ?? [])].map(canonical);
      if (!allowed.includes(stored.get(itemId) ?? "")) lost.push(`${student.username}: ${itemId} is ${stored.get(itemId) ?? "missing"}`);
    }
  }

  const all = Object.values(latencies).flat();
  const stepNotes = (Object.keys(latencies) as Step[]).map(
    (step) => `${step} p50 ${round(percentile(latencies[step], 50), 0)}/p99 ${round(percentile(latencies[step], 99), 0)} ms`,
  );
  const submitted = [...acked.values()].filter((r) => r.submitted).length;
  const details = {
    students: count,
    windowMs,
    submitted,
    errors: errors.length,
    errorSamples: errors.slice(0, 10),
    lostWrites: lost.length,
    lostSamples: lost.slice(0, 10),
    lastSubmitMs: round(lastDone, 0),
    healthMeanwhile: { n: canary.length, p50: round(percentile(canary, 50), 1), p99: round(percentile(canary, 99), 1) },
    latency: Object.fromEntries(
      (Object.keys(latencies) as Step[]).map((step) => [
        step,
        { n: latencies[step].length, p50: round(percentile(latencies[step], 50), 1), p99: round(percentile(latencies[step], 99), 1) },
      ]),
    ),
  };
  return {
    rows: [
      {
        scenario: `3 class period: ${count} students in ${windowMs / 1000} s`,
        measured: `all requests p50 ${round(percentile(all, 50), 0)} ms, p99 ${round(percentile(all, 99), 0)} ms`,
        baseline: `GET /api/health meanwhile p50 ${round(percentile(canary, 50), 0)} ms, p99 ${round(percentile(canary, 99), 0)} ms`,
        ratio: `p50 ${ratio(percentile(all, 50), percentile(canary, 50))} slower`,
        notes: `${submitted}/${count} submitted, ${errors.length} errors, ${lost.length} lost writes, last submit at ${round(lastDone / 1000, 1)} s; ${stepNotes.join("; ")}`,
      },
    ],
    details,
  };
}
