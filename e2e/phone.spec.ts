import { eq } from "drizzle-orm";
import { saveDraftAnswers } from "@/db/queries/attempts";
import { createAssignment } from "@/db/queries/assignments";
import { expect, enroll, lessonOne, pageAs, seedClass, seedUser, test, testDb } from "./fixtures";

/* The class page on a phone (390 px wide): nothing an instructor needs is cut off, and the join code stays on one line. */

test("on a 390px phone the roster's buttons are all on screen and the join code does not wrap", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Phone class with a rather long name");
  for (const name of ["Alexandra Longname-Student", "Bo Chen"]) {
    const s = await seedUser("student", name);
    await enroll(s.id, cls.id);
  }
  const page = await pageAs(browser, instructor);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/teach/classes/${cls.id}`);
  const roster = page.getByRole("table", { name: `Students enrolled in ${cls.name}` });
  const buttons = roster.getByRole("button");
  await expect(buttons).toHaveCount(4);
  for (const button of await buttons.all()) {
    await button.scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    // Wholly inside the page's width, and not hidden by a scrolling table.
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  // And the table does not scroll sideways (where buttons would sit out of sight).
  const wrap = page.locator(".table-wrap").filter({ has: roster });
  expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("class-page-390.png"), fullPage: true });
  const wider = await page.evaluate(() =>
    [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > 390.5).map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.textContent?.slice(0, 40)}`),
  );
  expect(wider, "nothing sticks out of the page").toEqual([]);

  const code = page.getByTestId("join-code");
  const lineHeight = await code.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.6);
  const { height } = (await code.boundingBox())!;
  expect(height, "one line").toBeLessThan(lineHeight * 1.9);
  await expect(code).toHaveCSS("white-space", "nowrap");
});

test("on a phone, a lesson closed at its due date can still be read part by part, its answers shown and disabled", async ({ browser }) => {
  const db = testDb();
  const lesson = lessonOne();
  const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Closed on a phone");
  const assignment = (await createAssignment(db, instructor.id, { classId: cls.id, lesson, dueAt: Date.now() + 3_600_000, latePolicy: "close" }))!;
  const student = await seedUser("student", "Phone Reader");
  await enroll(student.id, cls.id);
  await saveDraftAnswers(db, student.id, assignment.id, { [short.id]: { text: "My draft before the due date." } });
  await db.run(db.q.update(db.t.assignments).set({ dueAt: Date.now() - 3_600_000 }).where(eq(db.t.assignments.id, assignment.id)));

  const page = await pageAs(browser, student);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/assignments/${assignment.id}`);
  await expect(page.getByText(/^This lesson closed on /)).toBeVisible();
  const parts = page.getByRole("navigation", { name: "Parts of the lesson" });
  const first = page.locator(`#read-${lesson.excerpts[0]!.sentences[0]!.id}`);
  const second = page.locator(`#read-${lesson.excerpts[1]!.sentences[0]!.id}`);
  await expect(first).toBeVisible();
  // Previous/Next and the picker move between parts, as in an open lesson.
  await parts.getByRole("button", { name: "Next →" }).click();
  await expect(second).toBeVisible();
  await expect(first).toBeHidden();
  await parts.getByRole("button", { name: "← Previous" }).click();
  await expect(first).toBeVisible();
  const partOf = page.locator(`#item-${short.id}`).locator("xpath=ancestor::*[@data-part]");
  await parts.getByRole("combobox").selectOption({ index: Number(await partOf.getAttribute("data-part")) });
  const answer = page.locator(`#item-${short.id}`).getByRole("textbox");
  await expect(answer).toBeVisible();
  await expect(answer).toHaveValue("My draft before the due date.");
  await expect(answer).toBeDisabled();
  await expect(page.getByRole("button", { name: "Submit lesson" })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("closed-lesson-390.png") });
});
