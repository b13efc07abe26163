import { expect, enroll, pageAs, seedClass, seedUser, test } from "./fixtures";

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
