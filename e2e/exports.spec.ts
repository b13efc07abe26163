import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { submitAttempt } from "@/db/queries/attempts";
import { enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const lesson = lessonOne();
const questions = lesson.excerpts.flatMap((x) => x.questions);
const single = questions.find((q) => q.type === "single")!;
const short = questions.find((q) => q.type === "short")!;

test("the responses and gradebook CSVs download and parse back to the right rows and totals", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Export class");
  const assignment = seedAssignment(instructor, cls.id);
  const risky = await seedUser("student", "=Risky, “Quoted” Name");
  const plain = await seedUser("student", "Plain Student");
  enroll(risky.id, cls.id);
  enroll(plain.id, cls.id);
  const correct = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
  submitAttempt(testDb(), risky.id, assignment.id, { [single.id]: { choice: correct }, [short.id]: { text: '=cmd|"/c calc"!A1, with a comma\nand a line' } });

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const download = async (name: RegExp) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    const text = fs.readFileSync((await file.path())!, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    return parse(text.slice(1), { columns: true }) as Record<string, string>[];
  };

  const responses = await download(/^Responses/);
  expect(responses).toHaveLength(2);
  const s = responses.find((r) => r.question_id === single.id)!;
  expect(s).toMatchObject({ student: "'=Risky, “Quoted” Name", username: risky.username, type: "single", score: String(single.points), graded_by: "auto" });
  const sh = responses.find((r) => r.question_id === short.id)!;
  expect(sh).toMatchObject({ type: "short", answer: `'=cmd|"/c calc"!A1, with a comma\nand a line`, score: "", max: String(short.points) });
  expect(sh.submitted_at).toMatch(/^\d{4}-\d\d-\d\dT/);

  const gradebook = await download(/^Gradebook/);
  // One row per student, in name order ("=" sorts before "P").
  expect(gradebook.map((r) => [r.username, r.status, r[`Q${questions.indexOf(single) + 1} ${single.id}`], r.total])).toEqual([
    [risky.username, "submitted", String(single.points), String(single.points)],
    [plain.username, "not started", "", ""],
  ]);
});

test("another instructor, and a student, get 404 from every page and export of the class", async ({ browser }) => {
  const owner = await seedUser("instructor");
  const cls = await seedClass(owner, "Private class");
  const assignment = seedAssignment(owner, cls.id);
  const student = await seedUser("student");
  enroll(student.id, cls.id);
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
