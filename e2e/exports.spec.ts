import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { submitAttempt } from "@/db/queries/attempts";
import { setEnrollmentStatus } from "@/db/queries/classes";
import { createPost } from "@/db/queries/debate-posts";
import { advanceDebate, formDebateGroups, joinDebate, listGroups, startDebate } from "@/db/queries/debates";
import { excerptHeading } from "@/lib/content/display";
import { enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { attempts, responses: responsesTable } = db.t;

const lesson = lessonOne();
const questions = lesson.excerpts.flatMap((x) => x.questions);
const single = questions.find((q) => q.type === "single")!;
const short = questions.find((q) => q.type === "short")!;

/*
 * A strict RFC 4180 reader: bad quoting or a row of the wrong length is an error, and a CR or LF outside
 * quotes ends a record, as in Excel and Google Sheets, so an unquoted line break cannot pass unnoticed.
 */
function parseStrict(text: string): Record<string, string>[] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parse(text.slice(1), { columns: true, relax_quotes: false, relax_column_count: false, skip_empty_lines: false, record_delimiter: ["\r\n", "\n", "\r"] }) as Record<string, string>[];
}

test("the responses and gradebook CSVs download and parse back to the right rows and totals", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Export class");
  const assignment = await seedAssignment(instructor, cls.id);
  const risky = await seedUser("student", "=Risky, “Quoted” Name");
  const plain = await seedUser("student", "Plain Student");
  await enroll(risky.id, cls.id);
  await enroll(plain.id, cls.id);
  const correct = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
  await submitAttempt(testDb(), risky.id, assignment.id, { [single.id]: { choice: correct }, [short.id]: { text: '=cmd|"/c calc"!A1, with a comma\nand a line' } });
  // Handed in, then removed from the class: the work stays in both files, marked withdrawn.
  const leaver = await seedUser("student", "Left Student");
  await enroll(leaver.id, cls.id);
  await submitAttempt(testDb(), leaver.id, assignment.id, { [single.id]: { choice: correct } });
  expect(await setEnrollmentStatus(testDb(), instructor.id, cls.id, leaver.id, "withdrawn")).toBe(true);

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const download = async (name: RegExp) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    const text = fs.readFileSync((await file.path())!, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    return parse(text.slice(1), { columns: true }) as Record<string, string>[];
  };

  const responses = await download(/^Responses/);
  expect(responses).toHaveLength(3);
  const s = responses.find((r) => r.question_id === single.id && r.username === risky.username)!;
  expect(s).toMatchObject({ student: "'=Risky, “Quoted” Name", username: risky.username, type: "single", score: String(single.points), graded_by: "auto", enrolled: "active" });
  expect(responses.find((r) => r.username === leaver.username)).toMatchObject({ question_id: single.id, status: "submitted", enrolled: "withdrawn" });
  const sh = responses.find((r) => r.question_id === short.id)!;
  expect(sh).toMatchObject({ type: "short", answer: `'=cmd|"/c calc"!A1, with a comma\nand a line`, score: "", max: String(short.points) });
  expect(sh.submitted_at).toMatch(/^\d{4}-\d\d-\d\dT/);

  const gradebook = await download(/^Gradebook/);
  // One row per student, in name order ("=" sorts before "P").
  expect(gradebook.map((r) => [r.username, r.status, r[`Q${questions.indexOf(single) + 1} ${single.id}`], r.total, r.enrolled])).toEqual([
    [risky.username, "submitted", String(single.points), String(single.points), "active"],
    [leaver.username, "submitted", String(single.points), String(single.points), "withdrawn"],
    [plain.username, "not started", "", "", "active"],
  ]);
});

test("another instructor, and a student, get 404 from every page and export of the class", async ({ browser }) => {
  const owner = await seedUser("instructor");
  const cls = await seedClass(owner, "Private class");
  const assignment = await seedAssignment(owner, cls.id);
  const student = await seedUser("student");
  await enroll(student.id, cls.id);
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  const paths = [
    `/teach/classes/${cls.id}`,
    `/teach/classes/${cls.id}/import`,
    base,
    `${base}/grade`,
    `${base}/questions`,
    `${base}/students/${student.id}`,
    `${base}/export/responses.csv`,
    `${base}/export/gradebook.csv`,
  ];
  for (const visitor of [await seedUser("instructor"), student]) {
    const page = await pageAs(browser, visitor);
    for (const path of paths) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), `${visitor.role} ${path}`).toBe(404);
      expect(await response.text()).not.toContain(cls.name);
    }
  }
});

test("answers with line breaks, commas, quotes and a formula after blanks stay one row each, as text, in responses.csv and the transcript", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Strict CSV class");
  const assignment = await seedAssignment(instructor, cls.id);
  const texts = ['  =1+1, he said "no"\nand left', "one, then\r\ntwo", "\n=SUM(A1:A9)", "\u00a0＝1+1\rafter a lone CR"];
  const students = [];
  for (const [i, text] of texts.entries()) {
    const student = await seedUser("student", `Strict ${i}`);
    await enroll(student.id, cls.id);
    await submitAttempt(testDb(), student.id, assignment.id, { [short.id]: { text } });
    students.push(student);
  }
  const saved = await db.all(db.q.select({ id: responsesTable.id }).from(responsesTable).innerJoin(attempts, eq(attempts.id, responsesTable.attemptId)).where(eq(attempts.assignmentId, assignment.id)));

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Responses/ }).click()]);
  const rows = parseStrict(fs.readFileSync((await file.path())!, "utf8"));
  expect(rows).toHaveLength(saved.length);
  const answers = rows.filter((r) => r.question_id === short.id).map((r) => [r.username, r.answer]);
  expect(answers.sort()).toEqual(students.map((s, i) => [s.username, i === 1 ? texts[i] : `'${texts[i]}`]).sort());

  // The debate transcript: a post with the same kinds of text, and two citations (joined by a line feed).
  const debate = lesson.debates[0]!;
  const started = await startDebate(testDb(), instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(`debate not started: ${started.status}`);
  const sessionId = started.session.id;
  for (const s of students.slice(0, 2)) await joinDebate(testDb(), s.id, sessionId);
  await formDebateGroups(testDb(), instructor.id, sessionId, { groups: 2, mode: "random", opposite: false });
  await advanceDebate(testDb(), instructor.id, sessionId);
  const groups = await listGroups(testDb(), sessionId);
  const cited = lesson.excerpts[0]!.sentences.slice(0, 2).map((x) => x.id);
  for (const [i, s] of students.slice(0, 2).entries()) {
    const group = groups.find((g) => g.members.some((m) => m.studentId === s.id))!;
    const posted = await createPost(testDb(), s.id, sessionId, { groupId: group.id, kind: "claim", replyToId: null, body: texts[i]!, sentenceIds: cited });
    expect(posted.status).toBe("posted");
  }
  const response = await page.request.get(`/teach/debates/${sessionId}/export/transcript.csv`);
  expect(response.status()).toBe(200);
  const transcript = parseStrict(await response.text());
  expect(transcript.map((r) => r.text).sort()).toEqual([`'${texts[0]!.trim()}`, texts[1]].sort()); // posts are stored trimmed
  // Each citation names its excerpt as the pages do: "Excerpt 1 · heading: “…”".
  for (const row of transcript) expect((row.citations ?? "").split("\n")).toEqual(cited.map((id) => `${excerptHeading(lesson, lesson.excerpts[0]!.id)}: “${lesson.excerpts[0]!.sentences.find((x) => x.id === id)!.text}”`));
});
