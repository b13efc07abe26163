import http from "node:http";
import { and, count, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { submitAttempt } from "@/db/queries/attempts";
import { alertIn, enroll, expect, lessonOne, PASSWORD, pageAs, seedAssignment, seedClass, seedLessonForStudent, seedUser, skipBrowserValidation, test, testDb } from "./fixtures";

const db = testDb();
const { attempts, classes, responses } = db.t;

/*
 * Requests no page would send, or that are far too big: each gets a clear 4xx answer and changes nothing.
 */

const lesson = lessonOne();
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
const MB = 1024 * 1024;

const attemptsOf = (studentId: number, assignmentId: number) =>
  db.all(db.q.select().from(attempts).where(and(eq(attempts.studentId, studentId), eq(attempts.assignmentId, assignmentId))));

async function cookieHeader(page: Page) {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * Starts a request by hand and sends `first` of its body without ending it, as a slow or hostile client
 * would; resolves with the answer the server gives before the body is complete (the request is then
 * dropped). A server that waits for the whole body never answers, and the test times out.
 */
function answerBeforeBodyEnds(options: http.RequestOptions, first: string): Promise<{ status: number; body: string }> {
  const base = new URL(process.env.E2E_BASE_URL!);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: base.hostname, port: base.port, ...options }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    request.on("error", reject);
    request.write(first);
  });
}

test.describe("the draft route reads at most 256 KB of a body", () => {
  test("a 1 MB body with its Content-Length gets 413 and nothing is saved", async ({ browser }) => {
    const { assignment, student } = await seedLessonForStudent();
    const page = await pageAs(browser, student);
    const data = JSON.stringify({ answers: { [short.id]: { text: "x".repeat(MB) } } });
    const response = await page.request.put(`/api/assignments/${assignment.id}/draft`, { data, headers: { "Content-Type": "application/json" } });
    expect(response.status()).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe("Too much at once: save fewer answers per request.");
    expect(await attemptsOf(student.id, assignment.id)).toEqual([]);
  });

  test("a streamed body without a length is refused as soon as it passes the limit, before it ends", async ({ browser }) => {
    const { assignment, student } = await seedLessonForStudent();
    const page = await pageAs(browser, student);
    const answer = await answerBeforeBodyEnds(
      {
        method: "PUT",
        path: `/api/assignments/${assignment.id}/draft`,
        headers: { Cookie: await cookieHeader(page), "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      },
      `{"answers":{"${short.id}":{"text":"${"x".repeat(300 * 1024)}`,
    );
    expect(answer.status).toBe(413);
    expect(await attemptsOf(student.id, assignment.id)).toEqual([]);
  });
});

test.describe("a server action body over 1 MB", () => {
  const classCount = async (instructorId: number) => (await db.get(db.q.select({ n: count() }).from(classes).where(eq(classes.instructorId, instructorId))))!.n;

  for (const javaScriptEnabled of [true, false]) {
    test(`gets 413 with a message, not 500, and changes nothing (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser }) => {
      const instructor = await seedUser("instructor");
      const page = await pageAs(browser, instructor, { javaScriptEnabled });
      await page.goto("/teach");
      await skipBrowserValidation(page);
      await page.getByLabel("Class name").fill("y".repeat(MB + 1000));
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/teach"),
        page.getByRole("button", { name: "Create class" }).click(),
      ]);
      expect(response.status()).toBe(413);
      // (With JavaScript, Next's client reads the answer itself and throws its text to the error page.)
      if (!javaScriptEnabled) await expect(page.getByText("Too much to send at once: a form can carry at most 1 MB.")).toBeVisible();
      expect(await classCount(instructor.id)).toBe(0);
    });
  }

  test("sent without a length gets 411", async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const page = await pageAs(browser, instructor);
    const answer = await answerBeforeBodyEnds(
      { method: "POST", path: "/teach", headers: { Cookie: await cookieHeader(page), "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8", "Transfer-Encoding": "chunked" } },
      "[]",
    );
    expect(answer.status).toBe(411);
  });
});

test("the grading form takes plain decimal scores and ids only: a blank, hex or tampered id changes nothing", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Strict Grader");
  const cls = await seedClass(instructor, "Strict grading");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student", "Graded Student");
  await enroll(student.id, cls.id);
  await submitAttempt(testDb(), student.id, assignment.id, { [short.id]: { text: "An answer to grade." } });
  const row = async () => {
    const [attempt] = await attemptsOf(student.id, assignment.id);
    const found = (await db.get(db.q.select().from(responses).where(and(eq(responses.attemptId, attempt!.id), eq(responses.itemId, short.id)))))!;
    return { id: found.id, score: found.score, gradedBy: found.gradedBy, gradeVersion: found.gradeVersion };
  };
  const before = await row();
  expect(before).toMatchObject({ score: null, gradedBy: null, gradeVersion: 0 });

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/grade`);
  await expect(page.getByText("An answer to grade.")).toBeVisible();
  // What no browser would send from a number input: the field is made a text box first.
  const tamper = (name: string, value: string) =>
    page.locator(`form.grade-form [name="${name}"]`).evaluate((input, v) => {
      (input as HTMLInputElement).type = input.getAttribute("type") === "hidden" ? "hidden" : "text";
      (input as HTMLInputElement).required = false;
      (input as HTMLInputElement).value = v;
    }, value);
  const cases: [string, string, string][] = [
    ["score", " ", "Enter a score."],
    ["score", "0x2", "Enter the score as a plain number, like 2 or 1.5."],
    ["score", "1e0", "Enter the score as a plain number, like 2 or 1.5."],
  ];
  const save = () => Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/grade")), page.getByRole("button", { name: "Save and next" }).click()]);
  for (const [name, value, message] of cases) {
    await tamper(name, value);
    await save();
    await expect(alertIn(page)).toHaveText(message);
    expect(await row(), `${name}=${JSON.stringify(value)}`).toEqual(before);
  }
  // A valid score with an id written in hex (0x… is the same number to z.coerce.number).
  await tamper("score", "2");
  await tamper("responseId", `0x${before.id.toString(16)}`);
  await save();
  await expect(alertIn(page)).toHaveText("That request could not be read.");
  expect(await row()).toEqual(before);
});

test.describe("the change-password form never sends a typed password back", () => {
  const typed = { current: "current-secret-typed-1", fresh: "fresh-secret-typed-2", again: "other-secret-typed-3" };

  for (const javaScriptEnabled of [true, false]) {
    for (const [what, current, message] of [
      ["a mismatched confirmation", PASSWORD, "The two new passwords are not the same."],
      ["a wrong current password", typed.current, "That is not your current password."],
    ] as const) {
      test(`after ${what} (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser }) => {
        const student = await seedUser("student");
        const page = await pageAs(browser, student, { javaScriptEnabled });
        await page.goto("/account/password");
        await page.getByLabel("Current password").fill(current);
        await page.getByLabel("New password", { exact: true }).fill(typed.fresh);
        await page.getByLabel("New password again").fill(what === "a wrong current password" ? typed.fresh : typed.again);
        // The reply is read on its way to the page (Chromium may drop a streamed body before it can be asked for).
        let reply: Promise<string> | undefined;
        await page.route("**/account/password", async (route) => {
          if (route.request().method() !== "POST") return route.fallback();
          const response = await route.fetch();
          const text = response.text();
          reply ??= text;
          await route.fulfill({ response, body: await text });
        });
        await page.getByRole("button", { name: "Save new password" }).click();
        await expect.poll(() => reply !== undefined).toBe(true);
        const body = await reply!;
        expect(body).toContain(message);
        for (const secret of [current, typed.fresh, typed.again]) expect(body).not.toContain(secret);
        await expect(page.getByText(message)).toBeVisible();
        for (const label of ["Current password", "New password again"]) await expect(page.getByLabel(label)).toHaveValue("");
      });
    }
  }
});
