import { eq, inArray } from "drizzle-orm";
import { enrollments, users } from "@/db/schema";
import { alertIn, expect, pageAs, seedClass, seedUser, signIn, test, testDb, uniqueName } from "./fixtures";

const usersNamed = (names: string[]) => testDb().select().from(users).where(inArray(users.username, names)).all();

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
  await page.getByRole("button", { name: "Import students" }).click();
  await expect(alertIn(page)).toContainText("Nothing was imported.");
  await expect(alertIn(page)).toContainText("Line 3: Enter a name.");
  expect(usersNamed(names)).toEqual([]);
  expect(testDb().select().from(enrollments).where(eq(enrollments.classId, cls.id)).all()).toEqual([]);
});

test("files that are not rosters are refused: binary, wrong columns, 10,000 rows, duplicate and taken usernames", async ({ browser }) => {
  const { page } = await openImport(browser);
  const upload = async (name: string, body: string | Buffer, expected: string | RegExp) => {
    await page.getByLabel("Roster file (CSV)").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(body) });
    await page.getByRole("button", { name: "Import students" }).click();
    await expect(alertIn(page)).toContainText(expected);
  };
  await upload("photo.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), "not a CSV");
  await upload("wrong.csv", "first,last\nAna,Bell\n", '"display name" and "username"');
  const many = ["name,username", ...Array.from({ length: 10_000 }, (_, i) => `Student ${i},bulk${i}`)].join("\n");
  await upload("big.csv", many, /too large|Too many rows/);
  await upload("dups.csv", "name,username\nOne,same.name\nTwo,same.name\n", 'Line 3: The username "same.name" is also on line 2.');
  const existing = await seedUser("student");
  await upload("taken.csv", `name,username\nSomeone,${existing.username}\n`, `Line 2: The username "${existing.username}" is already taken.`);
  expect(usersNamed(["bulk0", "bulk9999", "same.name"])).toEqual([]);
});

test("an imported roster prints login cards that work", async ({ browser }) => {
  const { cls, page } = await openImport(browser);
  const [ana, bo] = [uniqueName("ana"), uniqueName("bo")];
  await page.getByLabel("Roster file (CSV)").setInputFiles({
    name: "roster.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFFDisplay name,Username,Password\r\nAna Bell,${ana},\r\n"Bo, Jr.",${bo},chosen password 1\r\n`),
  });
  await page.getByRole("button", { name: "Import students" }).click();
  await expect(page.getByRole("status")).toContainText(`2 students added to ${cls.name}`);
  const cards = page.getByRole("list", { name: "Login cards" }).getByRole("listitem");
  await expect(cards).toHaveCount(2);
  const anaCard = cards.filter({ hasText: "Ana Bell" });
  await expect(anaCard.getByRole("img", { name: /QR code for http/ })).toBeVisible();
  const password = (await anaCard.locator("dd").nth(1).textContent())!;
  expect(password).toMatch(/^[a-z2-9]{3}-[a-z2-9]{3}-[a-z2-9]{3}$/);
  await expect(cards.filter({ hasText: "Bo, Jr." }).getByText("chosen password 1")).toBeVisible();
  expect(usersNamed([ana, bo]).map((u) => [u.username, u.mustChangePassword]).sort()).toEqual([
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
