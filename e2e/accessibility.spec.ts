import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { enroll, expect, pageAs, seedAssignment, seedClass, seedUser, skipBrowserValidation, test } from "./fixtures";

async function expectNoViolations(page: Page, path: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${path}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`)).toEqual([]);
}

test("axe finds nothing on the public pages", async ({ page }) => {
  const cls = await seedClass(await seedUser("instructor"), "Axe class");
  for (const path of ["/", "/signin", "/join", `/join/${cls.joinCode}`, "/join/ZZZZZZ", "/setup", "/no-such-page"]) {
    await page.goto(path);
    await expectNoViolations(page, path);
  }
  // A form showing its errors.
  await page.goto("/join");
  await skipBrowserValidation(page);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.locator("main [role=alert]")).toBeVisible();
  await expectNoViolations(page, "/join with errors");
  await page.goto("/signin?error=CredentialsSignin");
  await expectNoViolations(page, "/signin with an error");
});

test("axe finds nothing on the signed-in pages", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Axe class");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student");
  await enroll(student.id, cls.id);

  const teacher = await pageAs(browser, instructor);
  for (const path of [
    "/teach",
    `/teach/classes/${cls.id}`,
    `/teach/classes/${cls.id}/assignments/${assignment.id}`,
    "/teach/lessons",
    "/teach/lessons/north-korea-legacy",
    "/teach/instructors",
  ]) {
    await teacher.goto(path);
    await expectNoViolations(teacher, path);
  }
  const learner = await pageAs(browser, student);
  for (const path of ["/dashboard", "/join", `/assignments/${assignment.id}`]) {
    await learner.goto(path);
    await expectNoViolations(learner, path);
  }
  // The lesson page asking to confirm, then the results after submitting.
  await learner.getByRole("button", { name: "Submit lesson" }).click();
  await expect(learner.locator("main [role=alert]")).toBeVisible();
  await expectNoViolations(learner, "lesson page, confirming");
  await learner.getByRole("button", { name: "Submit anyway" }).click();
  await expect(learner.getByText("Your answers are submitted")).toBeVisible();
  await expectNoViolations(learner, "results");
  for (const path of [
    `/teach/classes/${cls.id}/assignments/${assignment.id}`,
    `/teach/classes/${cls.id}/assignments/${assignment.id}/grade`,
    `/teach/classes/${cls.id}/assignments/${assignment.id}/questions`,
    `/teach/classes/${cls.id}/assignments/${assignment.id}/students/${student.id}`,
    "/account/password",
  ]) {
    await teacher.goto(path);
    await expectNoViolations(teacher, `${path} (with a submitted attempt)`);
  }
});
