import AxeBuilder from "@axe-core/playwright";
import { eq, inArray } from "drizzle-orm";
import { fingerprint } from "./checksum";
import { alertIn, expect, pageAs, seedClass, seedUser, signIn, test, testDb, uniqueName } from "./fixtures";

const db = testDb();
const { enrollments, users } = db.t;

const usersNamed = (names: string[]) => db.all(db.q.select().from(users).where(inArray(users.username, names)));

async function openImport(browser: import("@playwright/test").Browser) {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Import class");
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}`);
  await page.getByRole("link", { name: /Import a roster/ }).click();
  return { cls, page };
}

test("a roster with one bad row imports nothing and names the row", async ({ browser }) => {
  const { cls, page } = await openImport(browser);
  const names = [uniqueName("imp"), uniqueName("imp")];
  await page.getByLabel("…or paste it here").fill(`display name,username\nFirst Good,${names[0]}\n,${names[1]}\n`);
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(alertIn(page)).toContainText("Nothing was imported.");
  await expect(alertIn(page)).toContainText("Line 3: Enter a name.");
  expect(await usersNamed(names)).toEqual([]);
  expect(await db.all(db.q.select().from(enrollments).where(eq(enrollments.classId, cls.id)))).toEqual([]);
});

test("files that are not rosters are refused: binary, wrong columns, 10,000 rows, duplicate and taken usernames", async ({ browser }) => {
  const { page } = await openImport(browser);
  const upload = async (name: string, body: string | Buffer, expected: string | RegExp) => {
    await page.getByLabel("Roster file (CSV)").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(body) });
    await page.getByRole("button", { name: "Check the roster" }).click();
    await expect(alertIn(page)).toContainText(expected);
  };
  await upload("photo.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), "not a CSV");
  await upload("wrong.csv", "colour,size\nred,7\n", 'one for names ("display name", or "first name" and "last name"), and one to make usernames from');
  const many = ["name,username", ...Array.from({ length: 10_000 }, (_, i) => `Student ${i},bulk${i}`)].join("\n");
  await upload("big.csv", many, /too large|Too many rows/);
  await upload("dups.csv", "name,username\nOne,same.name\nTwo,same.name\n", 'Line 3: The username "same.name" is also on line 2.');
  const existing = await seedUser("student");
  await upload("taken.csv", `name,username\nSomeone,${existing.username}\n`, `Line 2: The username "${existing.username}" is already taken by someone not in this class.`);
  expect(await usersNamed(["bulk0", "bulk9999", "same.name"])).toEqual([]);
});

test("an imported roster prints login cards that work", async ({ browser }) => {
  const { cls, page } = await openImport(browser);
  const [ana, bo] = [uniqueName("ana"), uniqueName("bo")];
  await page.getByLabel("Roster file (CSV)").setInputFiles({
    name: "roster.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFFDisplay name,Username,Password\r\nAna Bell,${ana},\r\n"Bo, Jr.",${bo},chosen password 1\r\n`),
  });
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(page.getByRole("table", { name: "Students to create" }).getByRole("row")).toHaveCount(3);
  expect(await usersNamed([ana, bo])).toEqual([]);
  await page.getByRole("button", { name: "Create 2 students" }).click();
  await expect(page.getByRole("status")).toContainText(`2 students added to ${cls.name}`);
  const cards = page.getByRole("list", { name: "Login cards" }).getByRole("listitem");
  await expect(cards).toHaveCount(2);
  const anaCard = cards.filter({ hasText: "Ana Bell" });
  await expect(anaCard.getByRole("img", { name: /QR code for http/ })).toBeVisible();
  const password = (await anaCard.locator("dd").nth(1).textContent())!;
  expect(password).toMatch(/^[a-z2-9]{3}-[a-z2-9]{3}-[a-z2-9]{3}$/);
  await expect(cards.filter({ hasText: "Bo, Jr." }).getByText("chosen password 1")).toBeVisible();
  expect((await usersNamed([ana, bo])).map((u) => [u.username, u.mustChangePassword]).sort()).toEqual([
    [ana, true],
    [bo, false],
  ]);

  const student = await (await browser.newContext()).newPage();
  await signIn(student, ana, password);
  await expect(student).toHaveURL(/\/account\/password$/);
  const bob = await (await browser.newContext()).newPage();
  await signIn(bob, bo, "chosen password 1");
  await expect(bob).toHaveURL(/\/dashboard$/);
  await expect(bob.getByText(cls.name)).toBeVisible();
});

for (const javaScriptEnabled of [true, false]) {
  test(`a school system's roster (first and last name, email, student ID) is previewed, changes nothing, then is created on confirmation (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const cls = await seedClass(instructor, "SIS class");
    const page = await pageAs(browser, instructor, { javaScriptEnabled });
    await page.goto(`/teach/classes/${cls.id}/import`);
    await expect(page.getByText("the part of the email before the @")).toBeVisible();
    const [ana, bo, id] = [uniqueName("ana"), uniqueName("bo"), uniqueName("s")];
    // As a school system exports it: its own column order and capitals, an email for most, a student ID for all.
    const csv = `Student ID,LAST NAME,First Name,Email\n${id}x,Bell,Ana,${ana}@School.org\n${id}y,Chen,Bo,${bo.toUpperCase()}@school.org\n${id},Diaz,Cy,\n`;
    await page.getByLabel("…or paste it here").fill(csv);
    const before = await fingerprint(testDb());
    await page.getByRole("button", { name: "Check the roster" }).click();

    const table = page.getByRole("table", { name: "Students to create" });
    await expect(table.getByRole("columnheader")).toHaveText(["Line", "Display name", "Username", "Password"]);
    const rows = table.getByRole("row");
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(1).getByRole("cell")).toHaveText(["2", "Ana Bell", `${ana} (from the email)`, "generated, on the login card"]);
    await expect(rows.nth(2).getByRole("cell")).toHaveText(["3", "Bo Chen", `${bo} (from the email)`, "generated, on the login card"]);
    await expect(rows.nth(3).getByRole("cell")).toHaveText(["4", "Cy Diaz", `${id} (from the student ID)`, "generated, on the login card"]);
    await expect(page.getByText("Nothing has been created yet.")).toBeVisible();
    // axe runs as a script in the page, so only where the page has JavaScript.
    if (javaScriptEnabled) {
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(axe.violations.map((v) => `${v.id} — ${v.help}`)).toEqual([]);
    }
    await page.screenshot({ path: test.info().outputPath("import-preview.png"), fullPage: true });
    // The preview stored nothing, in any table.
    expect(await fingerprint(testDb())).toEqual(before);
    expect(await usersNamed([ana, bo, id])).toEqual([]);

    // Back to the roster, which is still there, and forward again.
    await page.getByRole("button", { name: "Change the roster" }).click();
    await expect(page.getByLabel("…or paste it here")).toHaveValue(csv);
    await page.getByRole("button", { name: "Check the roster" }).click();
    await page.getByRole("button", { name: "Create 3 students" }).click();
    await expect(page.getByRole("status")).toContainText(`3 students added to ${cls.name}`);
    await expect(page.getByRole("list", { name: "Login cards" }).getByRole("listitem")).toHaveCount(3);

    const created = await usersNamed([ana, bo, id]);
    expect(created.map((u) => [u.username, u.displayName, u.role]).sort()).toEqual([
      [ana, "Ana Bell", "student"],
      [bo, "Bo Chen", "student"],
      [id, "Cy Diaz", "student"],
    ].sort());
    const enrolled = await db.all(db.q.select().from(enrollments).where(eq(enrollments.classId, cls.id)));
    expect(enrolled.map((e) => e.studentId).sort()).toEqual(created.map((u) => u.id).sort());
  });
}

test("a username taken between the preview and the confirmation is refused then, and nothing is created", async ({ browser }) => {
  const { cls, page } = await openImport(browser);
  const [ana, late] = [uniqueName("ana"), uniqueName("late")];
  await page.getByLabel("…or paste it here").fill(`First name,Last name,Email\nAna,Bell,${ana}@school.org\nLate,Comer,${late}@school.org\n`);
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(page.getByRole("button", { name: "Create 2 students" })).toBeVisible();
  const taker = await seedUser("student");
  await db.run(db.q.update(users).set({ username: late }).where(eq(users.id, taker.id)));
  await page.getByRole("button", { name: "Create 2 students" }).click();
  await expect(alertIn(page)).toContainText(`Line 3: The username "${late}" is already taken by someone not in this class.`);
  expect(await usersNamed([ana])).toEqual([]);
  expect(await db.all(db.q.select().from(enrollments).where(eq(enrollments.classId, cls.id)))).toEqual([]);
});

test("each problem of a school system's roster names its line and shows what the line says", async ({ browser }) => {
  const { page } = await openImport(browser);
  const ok = uniqueName("ok");
  await page.getByLabel("…or paste it here").fill(`first_name,last_name,e-mail\nAna,Bell,${ok}@school.org\nBo,Chen,not-an-email\n,,${ok}2@school.org\nCy,Diaz,${ok}@elsewhere.org\n`);
  await page.getByRole("button", { name: "Check the roster" }).click();
  const alert = alertIn(page);
  await expect(alert).toContainText('Line 3: "not-an-email" is not an email address. (the line reads: Bo,Chen,not-an-email)');
  await expect(alert).toContainText("Line 4: Enter a name.");
  await expect(alert).toContainText(`Line 5: The username "${ok}" is also on line 2.`);
  await expect(page.getByLabel("…or paste it here")).toHaveAccessibleDescription(/Nothing was imported/);
  expect(await usersNamed([ok])).toEqual([]);
});

test("an updated roster imported again adds the new students and leaves those already in the class as they are", async ({ browser }) => {
  const { cls, page } = await openImport(browser);
  const [ana, bo, cy] = [uniqueName("ana"), uniqueName("bo"), uniqueName("cy")];
  await page.getByLabel("…or paste it here").fill(`name,username\nAna Bell,${ana}\nBo Chen,${bo}\n`);
  await page.getByRole("button", { name: "Check the roster" }).click();
  await page.getByRole("button", { name: "Create 2 students" }).click();
  await expect(page.getByRole("status")).toContainText(`2 students added to ${cls.name}`);
  const [before] = await usersNamed([ana]);

  // A week later, with a new student on it.
  await page.goto(`/teach/classes/${cls.id}/import`);
  await page.getByLabel("…or paste it here").fill(`name,username\nAna Bell,${ana}\nBo Chen,${bo}\nCy Diaz,${cy}\n`);
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(page.getByRole("status")).toContainText(`One student will get an account and be enrolled in ${cls.name}; 2 are in the class already and are left as they are`);
  const rows = page.getByRole("table", { name: "Students to create" }).getByRole("row");
  await expect(rows.nth(1).getByRole("cell").last()).toHaveText("in the class already: nothing changes");
  await expect(rows.nth(3).getByRole("cell").last()).toHaveText("generated, on the login card");
  await page.screenshot({ path: test.info().outputPath("import-again-preview.png"), fullPage: true });
  await page.getByRole("button", { name: "Create 1 student" }).click();
  await expect(page.getByRole("status")).toContainText(`1 student added to ${cls.name} (2 already in the class were left as they were)`);
  await expect(page.getByRole("list", { name: "Login cards" }).getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Login cards" })).toContainText("Cy Diaz");
  // Ana's account is as it was (her password too); all three are enrolled, once each.
  expect((await usersNamed([ana]))[0]).toEqual(before);
  const enrolled = await db.all(db.q.select().from(enrollments).where(eq(enrollments.classId, cls.id)));
  expect(enrolled).toHaveLength(3);

  // The same roster once more: nobody is new.
  await page.goto(`/teach/classes/${cls.id}/import`);
  await page.getByLabel("…or paste it here").fill(`name,username\nAna Bell,${ana}\nCy Diaz,${cy}\n`);
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(alertIn(page)).toContainText(`Everyone in this roster is already in ${cls.name}: there is nobody new to add.`);
});
