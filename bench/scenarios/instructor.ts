/*
 * 4. The instructor's pages of the grid assignment (200 students × 23 items): the grid, the question
 * statistics, one student's attempt, /teach and both CSV exports, each against the SQL that fetches the
 * same data, run in this process with better-sqlite3 on the same file. Measured once while the database
 * holds that one assignment, and again once it holds the whole school (about 50 assignments, 200,000
 * responses): a page whose cost grows between the two reads more than its own assignment.
 */
import { request, type Account } from "../lib/http";
import { ratio, sessionOf, type Context, type Outcome, type Row } from "../lib/context";
import { interleaved, ms, type Sample } from "../lib/stats";

/** A page to fetch (as the instructor, unless `as` says whom) and the SQL that answers the same question. */
export type Page = { name: string; path: string; sql: string; params: unknown[]; as?: Account };

/** The pages, of the grid assignment and its instructor (scenario 7 fetches the same ones from PostgreSQL). */
export function instructorPageList(ctx: Context): Page[] {
  const { classId, assignmentId, studentIds } = ctx.seeded.grid;
  const teacherId = ctx.seeded.instructor.id;
  const base = `/teach/classes/${classId}/assignments/${assignmentId}`;
  const studentId = studentIds[Math.floor(studentIds.length / 2)]!;
  const roster = `FROM enrollments e JOIN users u ON u.id = e.student_id
    LEFT JOIN attempts t ON t.assignment_id = ? AND t.student_id = e.student_id
    LEFT JOIN responses r ON r.attempt_id = t.id
    WHERE e.class_id = ? AND e.status = 'active'`;
  return [
    {
      name: "grid",
      path: base,
      sql: `SELECT u.id, u.display_name, u.username, t.status, t.score, t.submitted_at, r.item_id, r.answer, r.score, r.needs_grading ${roster} ORDER BY u.display_name`,
      params: [assignmentId, classId],
    },
    {
      name: "question statistics",
      path: `${base}/questions`,
      sql: `SELECT r.item_id, r.answer, r.score, r.max_score, t.score AS total FROM attempts t JOIN responses r ON r.attempt_id = t.id
            WHERE t.assignment_id = ? AND t.status = 'submitted'`,
      params: [assignmentId],
    },
    {
      name: "one student's attempt",
      path: `${base}/students/${studentId}`,
      sql: `SELECT t.*, r.* FROM attempts t JOIN responses r ON r.attempt_id = t.id WHERE t.assignment_id = ? AND t.student_id = ?`,
      params: [assignmentId, studentId],
    },
    {
      name: "/teach",
      path: "/teach",
      sql: `SELECT a.id, a.class_id, a.lesson_title,
              (SELECT count(*) FROM enrollments e WHERE e.class_id = a.class_id AND e.status = 'active') AS students,
              (SELECT count(*) FROM attempts t WHERE t.assignment_id = a.id AND t.status = 'submitted') AS submitted,
              (SELECT count(*) FROM attempts t JOIN responses r ON r.attempt_id = t.id WHERE t.assignment_id = a.id AND t.status = 'submitted' AND r.needs_grading = 1 AND r.graded_by IS NULL) AS to_grade
            FROM assignments a JOIN classes c ON c.id = a.class_id WHERE c.instructor_id = ? AND a.archived_at IS NULL AND c.archived_at IS NULL`,
      params: [teacherId],
    },
    {
      // The same page for a teacher whose classes do not change while the school fills the database around them:
      // what it costs should not move between the two stages.
      name: "/teach of the grid class's co-teacher",
      path: "/teach",
      as: ctx.seeded.coTeacher,
      sql: `SELECT a.id, a.class_id, a.lesson_title,
              (SELECT count(*) FROM enrollments e WHERE e.class_id = a.class_id AND e.status = 'active') AS students,
              (SELECT count(*) FROM attempts t WHERE t.assignment_id = a.id AND t.status = 'submitted') AS submitted,
              (SELECT count(*) FROM attempts t JOIN responses r ON r.attempt_id = t.id WHERE t.assignment_id = a.id AND t.status = 'submitted' AND r.needs_grading = 1 AND r.graded_by IS NULL) AS to_grade
            FROM assignments a JOIN class_teachers ct ON ct.class_id = a.class_id WHERE ct.instructor_id = ? AND a.archived_at IS NULL`,
      params: [ctx.seeded.coTeacher.id],
    },
    {
      name: "responses.csv",
      path: `${base}/export/responses.csv`,
      sql: `SELECT u.display_name, u.username, r.item_id, r.answer, r.score, r.max_score, r.graded_by, r.comment, r.updated_at, t.submitted_at
            FROM attempts t JOIN users u ON u.id = t.student_id JOIN responses r ON r.attempt_id = t.id WHERE t.assignment_id = ? ORDER BY u.display_name, r.id`,
      params: [assignmentId],
    },
    {
      name: "gradebook.csv",
      path: `${base}/export/gradebook.csv`,
      sql: `SELECT u.display_name, u.username, t.status, t.score, t.max_score, t.submitted_at, r.item_id, r.score ${roster} ORDER BY u.display_name`,
      params: [assignmentId, classId],
    },
  ];
}

export async function instructorPages(ctx: Context, stage: string): Promise<Outcome> {
  const rounds = Number(process.env.BENCH_ROUNDS) || (ctx.quick ? 2 : 5);
  const perRound = ctx.quick ? 2 : 5;
  const cookies = await sessionOf(ctx, ctx.seeded.instructor);
  const pages = instructorPageList(ctx);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const page of pages) {
    const headers = { Cookie: (page.as ? await sessionOf(ctx, page.as) : cookies).header };
    let bytes = 0;
    let status = 0;
    const statement = ctx.db.$client.prepare(page.sql);
    let sqlRows = 0;
    const http = async (): Promise<Sample> => {
      const latencies: number[] = [];
      const started = performance.now();
      for (let i = 0; i < perRound; i++) {
        const reply = await request(ctx.to, "GET", page.path, { headers });
        latencies.push(reply.ms);
        bytes = reply.body.length;
        status = reply.status;
      }
      return { ops: perRound, ms: performance.now() - started, latencies, bytes, errors: status === 200 ? 0 : perRound };
    };
    const raw = async (): Promise<Sample> => {
      const latencies: number[] = [];
      const started = performance.now();
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        sqlRows = statement.all(...page.params).length;
        latencies.push(performance.now() - t);
      }
      return { ops: perRound, ms: performance.now() - started, latencies };
    };
    const result = await interleaved(rounds, { http, raw });
    if (status !== 200) throw new Error(`GET ${page.path} as the instructor: HTTP ${status}`);
    rows.push({
      scenario: `4 ${page.name} @ ${stage}`,
      measured: `${ms(result.http.msPerOp)}, ${(bytes / 1024).toFixed(1)} KiB`,
      baseline: `${ms(result.raw.msPerOp)} SQL (${sqlRows} rows)`,
      ratio: `${ratio(result.http.msPerOp, result.raw.msPerOp)} slower`,
      notes: `p99 ${ms(result.http.p99Ms)}; ${bytes.toLocaleString("en")} bytes; ${perRound} requests a round, ${rounds} rounds`,
    });
    details[page.name] = { path: page.path, bytes, sqlRows, http: result.http, sql: result.raw };
  }
  return { rows, details };
}
