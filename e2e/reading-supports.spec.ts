import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { advanceDebate, formDebateGroups, joinDebate, startDebate } from "@/db/queries/debates";
import { getReadingPrefs, setReadingPrefs, type PublicUser } from "@/db/queries/users";
import { enroll, expect, lessonOne, pageAs, seedLessonForStudent, seedUser, signIn, test, testDb } from "./fixtures";

const db = testDb();
const { attempts, responses } = db.t;

/*
 * Reading supports: a student's text size, line spacing, colours and font apply at once, are saved for them,
 * are on the page from the server after a reload (no flash), and apply on the debate page too; read-aloud
 * reads an excerpt a sentence at a time, highlighting each, and says so where the browser has no voice; on
 * a phone the lesson is read one excerpt at a time with every answer kept in the one form.
 */

const lesson = lessonOne();
const [first, second] = lesson.excerpts;

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${label}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`)).toEqual([]);
}

/** A debate of the student's lesson in its opening round, the student in a group. */
async function debateInOpening(instructor: PublicUser, classId: number, assignmentId: number, student: PublicUser) {
  const classmate = await seedUser("student", "Reading Classmate");
  await enroll(classmate.id, classId);
  const started = await startDebate(db, instructor.id, assignmentId, lesson.debates[0]!.id);
  if (started.status !== "started") throw new Error(started.status);
  const id = started.session.id;
  for (const s of [student, classmate]) await joinDebate(db, s.id, id);
  if ((await formDebateGroups(db, instructor.id, id, { groups: 2, mode: "random", opposite: false })).status !== "formed") throw new Error("groups not formed");
  if ((await advanceDebate(db, instructor.id, id, null)).status !== "advanced") throw new Error("not advanced");
  return id;
}

/** What the reading supports show as, in the browser's computed styles. */
async function readingStyles(page: Page) {
  return page.evaluate(() => {
    const html = getComputedStyle(document.documentElement);
    const body = getComputedStyle(document.body);
    const text = getComputedStyle(document.querySelector(".excerpt p")!);
    return {
      rootSize: parseFloat(html.fontSize),
      lineRatio: parseFloat(text.lineHeight) / parseFloat(text.fontSize),
      font: text.fontFamily,
      background: body.backgroundColor,
      ink: getComputedStyle(document.querySelector("main h1")!).color,
    };
  });
}

const SUPPORTED = { rootSize: 16 * 1.3, background: "rgb(0, 0, 0)", ink: "rgb(255, 255, 255)" };

function expectSupported(styles: Awaited<ReturnType<typeof readingStyles>>, lineRatio: number) {
  expect(styles.rootSize).toBeCloseTo(SUPPORTED.rootSize, 1);
  expect(styles.lineRatio).toBeCloseTo(lineRatio, 1);
  expect(styles.font).toMatch(/^Verdana/);
  expect(styles.background).toBe(SUPPORTED.background);
  expect(styles.ink).toBe(SUPPORTED.ink);
}

test("a student's reading settings, chosen by keyboard, apply at once, persist across reload and apply on the debate page", async ({ browser }) => {
  const { instructor, cls, assignment, student } = await seedLessonForStudent("Reading Student");
  const debateId = await debateInOpening(instructor, cls.id, assignment.id, student);
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const standard = await readingStyles(page);
  expect(standard.rootSize).toBe(16);
  expect(standard.background).not.toBe(SUPPORTED.background);

  // Keyboard only: open the panel, then in each group the arrow keys move the choice.
  const summary = page.locator("summary", { hasText: "Reading settings" });
  await summary.focus();
  await page.keyboard.press("Enter");
  const panel = page.locator(".reading-settings-panel");
  await expect(panel).toBeVisible();
  const status = panel.getByRole("status");
  await page.keyboard.press("Tab");
  await expect(panel.getByRole("group", { name: "Text size" }).getByRole("radio", { name: "Standard" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  for (const group of ["Line spacing", "Colours", "Font"]) {
    await page.keyboard.press("Tab");
    await expect(panel.getByRole("group", { name: group }).getByRole("radio", { name: "Standard" })).toBeFocused();
    await page.keyboard.press("ArrowRight");
  }
  await expect(panel.getByRole("radio", { name: "Larger" })).toBeChecked();
  await expect(panel.getByRole("radio", { name: "High contrast" })).toBeChecked();
  await expect(status).toHaveText("Saved for next time.");
  // Escape closes the panel and leaves the keyboard on its button.
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(summary).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await expect.poll(() => getReadingPrefs(testDb(), student.id)).toEqual({ size: "larger", spacing: "wide", theme: "contrast", font: "readable" });
  expectSupported(await readingStyles(page), 2.05);
  await expectNoViolations(page, "lesson, high contrast, panel open");
  await page.screenshot({ path: test.info().outputPath("lesson-supports-desktop.png") });

  // After a reload, the server's page already carries them: nothing flashes in the standard look first.
  const html = await (await page.request.get(`/assignments/${assignment.id}`)).text();
  expect(html).toMatch(/<main[^>]*data-reading-size="larger"[^>]*data-reading-spacing="wide"[^>]*data-reading-theme="contrast"[^>]*data-reading-font="readable"/);
  await page.reload();
  expectSupported(await readingStyles(page), 2.05);
  await page.screenshot({ path: test.info().outputPath("lesson-supports-reloaded.png"), fullPage: false });

  await page.goto(`/debates/${debateId}`);
  await expect(page.getByRole("heading", { name: "The text" })).toBeVisible();
  expectSupported(await readingStyles(page), 2.05);
  await expectNoViolations(page, "debate, high contrast");

  // Back to the standard colours (with the other supports kept): axe-clean too, here and on the lesson.
  await page.locator("summary", { hasText: "Reading settings" }).click();
  await page.getByRole("group", { name: "Colours" }).getByText("Standard").click();
  await expect(page.getByRole("status").filter({ hasText: "Saved for next time." })).toBeVisible();
  await expect.poll(async () => (await getReadingPrefs(testDb(), student.id)).theme).toBe("standard");
  await expectNoViolations(page, "debate, standard colours, larger text");
  await page.goto(`/assignments/${assignment.id}`);
  expect((await readingStyles(page)).background).toBe(standard.background);
  expect((await readingStyles(page)).rootSize).toBeCloseTo(SUPPORTED.rootSize, 1);
  await expectNoViolations(page, "lesson, standard colours, larger text");
  await page.context().close();
});

test("a value the panel never offers is refused, and changes nothing", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Tampering Student");
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  await page.locator("summary", { hasText: "Reading settings" }).click();
  await page.locator('input[name="size"][value="large"]').evaluate((input) => ((input as HTMLInputElement).value = "enormous"));
  await page.getByRole("radio", { name: "Large", exact: true }).click();
  await expect(page.locator(".reading-settings-panel [role=alert]")).toHaveText("Text size must be one of: standard, large, larger, largest.");
  expect((await getReadingPrefs(testDb(), student.id)).size).toBe("standard");
  await page.context().close();
});

test("read-aloud says plainly that it is not available in a browser with no voice", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Voiceless Student");
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  // Headless Chromium here has speech synthesis but no voice.
  expect(await page.evaluate(() => "speechSynthesis" in window)).toBe(true);
  const card = page.locator("section.excerpt-card").first();
  await expect(card.getByText("Read aloud is not available in this browser")).toBeVisible();
  await expect(card.getByRole("button", { name: /Read aloud/ })).toBeDisabled();
  expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
  await page.context().close();
});

/** A stand-in for the browser's speech synthesis with one voice: the test says when each utterance ends. */
function fakeSpeech() {
  type Fake = { spoken: string[]; current: SpeechSynthesisUtterance | null; paused: boolean; cancels: number; finish: () => void };
  const state: Fake = {
    spoken: [],
    current: null,
    paused: false,
    cancels: 0,
    finish() {
      const utterance = state.current;
      state.current = null;
      utterance?.dispatchEvent(new Event("end"));
    },
  };
  const synth = {
    getVoices: () => [{ name: "Test voice", lang: "en-US", default: true, localService: true, voiceURI: "test" }],
    speak(utterance: SpeechSynthesisUtterance) {
      state.spoken.push(utterance.text);
      state.current = utterance;
    },
    cancel() {
      state.cancels++;
      const utterance = state.current;
      state.current = null;
      // As browsers do: the utterance cut off reports an error.
      utterance?.dispatchEvent(Object.assign(new Event("error"), { error: "canceled" }));
    },
    pause: () => void (state.paused = true),
    resume: () => void (state.paused = false),
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, get: () => synth });
  (window as unknown as { __speech: Fake }).__speech = state;
}

const speech = (page: Page) => page.evaluate(() => (window as unknown as { __speech: { spoken: string[]; paused: boolean; cancels: number } }).__speech);
const finishUtterance = (page: Page) => page.evaluate(() => (window as unknown as { __speech: { finish: () => void } }).__speech.finish());

test("read-aloud reads an excerpt a sentence at a time, highlighting each, and pauses and stops, by keyboard", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Listening Student");
  const page = await pageAs(browser, student);
  await page.addInitScript(fakeSpeech);
  await page.goto(`/assignments/${assignment.id}`);
  const card = page.locator("section.excerpt-card").first();
  const now = page.locator('[data-reading="now"]');
  const read = card.getByRole("button", { name: "Read aloud Excerpt 1" });
  await expect(read).toBeEnabled();
  await read.focus();
  await page.keyboard.press("Enter");

  const sentences = first!.sentences.map((s) => s.text);
  for (let i = 0; i < 3; i++) {
    await expect(now).toHaveText(sentences[i]!);
    await expect(now).toHaveCount(1);
    await expect(card.getByText(`Reading sentence ${i + 1} of ${sentences.length}`)).toBeVisible();
    expect((await speech(page)).spoken.at(-1)).toBe(sentences[i]);
    await finishUtterance(page);
  }
  await expect(now).toHaveText(sentences[3]!);
  await page.screenshot({ path: test.info().outputPath("read-aloud.png") });

  // Pause and resume, by keyboard: the keyboard went from Read aloud to Pause.
  await expect(card.getByRole("button", { name: "Pause" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(card.getByRole("button", { name: "Resume" })).toBeVisible();
  expect((await speech(page)).paused).toBe(true);
  await card.getByRole("button", { name: "Resume" }).press("Enter");
  expect((await speech(page)).paused).toBe(false);

  // Another excerpt's read-aloud takes over: the first stops, its highlight goes.
  await page.locator("section.excerpt-card").nth(1).getByRole("button", { name: "Read aloud Excerpt 2" }).click();
  await expect(now).toHaveText(second!.sentences[0]!.text);
  await expect(card.getByRole("button", { name: "Read aloud Excerpt 1" })).toBeVisible();

  // Stop: nothing is highlighted and the synthesis is cancelled.
  const cancels = (await speech(page)).cancels;
  await page.getByRole("button", { name: "Stop" }).press("Enter");
  await expect(now).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Read aloud Excerpt 2" })).toBeFocused();
  expect((await speech(page)).cancels).toBeGreaterThan(cancels);

  // Read to the end: after the last sentence it stops by itself.
  await card.getByRole("button", { name: "Read aloud Excerpt 1" }).click();
  for (const text of sentences) {
    await expect(now).toHaveText(text);
    await finishUtterance(page);
  }
  await expect(now).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Read aloud Excerpt 1" })).toBeVisible();
  await page.context().close();
});

async function phonePage(browser: Browser, user: PublicUser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, user.username);
  await expect(page).toHaveURL(/\/dashboard$/);
  return page;
}

test("on a phone the lesson is read one excerpt at a time, and answers on two excerpts are all saved and submitted", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Phone Student");
  const page = await phonePage(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const cards = page.locator("section.excerpt-card");
  await expect(cards.nth(0)).toBeVisible();
  for (let i = 1; i < lesson.excerpts.length; i++) await expect(cards.nth(i)).toBeHidden();
  await expect(page.getByRole("heading", { name: "Debate prompts" })).toBeHidden();

  // The progress bar stays one short line.
  const bar = await page.locator(".lesson-status").boundingBox();
  expect(bar!.height).toBeLessThanOrEqual(44);

  const q1 = first!.questions.find((q) => q.type === "single")!;
  if (q1.type !== "single") throw new Error("lesson one changed");
  await page.locator(`#item-${q1.id}`).getByRole("radio", { name: q1.choices[1]!.text, exact: true }).check();

  // Next (at the end of the excerpt) moves on and puts the keyboard at the new excerpt's heading.
  const part = page.locator(".pager-part[data-current]");
  await part.getByRole("button", { name: "Next →" }).last().click();
  await expect(cards.nth(1)).toBeVisible();
  await expect(cards.nth(0)).toBeHidden();
  await expect(page.locator(`#excerpt-${second!.id}`)).toBeFocused();
  const q2 = second!.questions.find((q) => q.type === "short")!;
  await page.locator(`#item-${q2.id}`).getByRole("textbox").fill("On the phone: the second excerpt's answer.");
  await expect(page.locator(".save-status")).toHaveText(/All changes saved/);
  await page.screenshot({ path: test.info().outputPath("phone-excerpt-2.png") });

  // The picker goes anywhere; Previous goes back, where the first answer still is.
  await part.getByRole("combobox", { name: "Go to" }).selectOption({ label: `Excerpt 3 · ${lesson.excerpts[2]!.heading ?? "Paragraph 3"}` });
  await expect(cards.nth(2)).toBeVisible();
  await part.getByRole("button", { name: "← Previous" }).first().click();
  await expect(cards.nth(1)).toBeVisible();
  await part.getByRole("button", { name: "← Previous" }).first().click();
  await expect(cards.nth(0)).toBeVisible();
  await expect(page.locator(`#item-${q1.id}`).getByRole("radio", { name: q1.choices[1]!.text, exact: true })).toBeChecked();

  // Submitting lists what is unanswered; a link there opens the excerpt it is in.
  await page.getByRole("button", { name: "Submit lesson" }).click();
  const warning = page.locator("#submit-warning");
  await expect(warning).toBeVisible();
  const later = lesson.excerpts.at(-1)!.questions[0]!;
  await warning.locator(`a[href="#item-${later.id}"]`).click();
  await expect(page.locator(`#item-${later.id}`)).toBeVisible();
  await expect(cards.nth(0)).toBeHidden();

  await page.getByRole("button", { name: "Submit anyway" }).click();
  await expect(page.getByText("Your answers are submitted")).toBeVisible();
  const attempt = (await db.get(db.q.select().from(attempts).where(and(eq(attempts.studentId, student.id), eq(attempts.assignmentId, assignment.id)))))!;
  expect(attempt.status).toBe("submitted");
  const stored = new Map((await db.all(db.q.select().from(responses).where(eq(responses.attemptId, attempt.id)))).map((r) => [r.itemId, r.answer]));
  expect(stored.get(q1.id)).toEqual({ choice: q1.choices[1]!.id });
  expect(stored.get(q2.id)).toEqual({ text: "On the phone: the second excerpt's answer." });
  await page.context().close();
});

test("screenshots: the lesson with reading supports on, on a desktop and on a phone", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Screenshot Student");
  await setReadingPrefs(db, student.id, { size: "large", spacing: "wide", theme: "contrast", font: "readable" });
  const desktop = await pageAs(browser, student);
  await desktop.addInitScript(fakeSpeech);
  await desktop.setViewportSize({ width: 1280, height: 900 });
  await desktop.goto(`/assignments/${assignment.id}`);
  await expect(desktop.getByRole("button", { name: "Read aloud Excerpt 1" })).toBeEnabled();
  await desktop.locator("summary", { hasText: "Reading settings" }).click();
  await desktop.screenshot({ path: test.info().outputPath("reading-supports-desktop.png") });
  await expectNoViolations(desktop, "lesson, supports on, desktop");
  await desktop.context().close();

  const phone = await phonePage(browser, student);
  await phone.addInitScript(fakeSpeech);
  await phone.goto(`/assignments/${assignment.id}`);
  await phone.locator(".pager-part[data-current]").getByRole("button", { name: "Next →" }).last().click();
  await phone.getByRole("button", { name: "Read aloud Excerpt 2" }).click();
  await finishUtterance(phone);
  await phone.evaluate(() => window.scrollTo(0, document.querySelector<HTMLElement>(".pager-part[data-current]")!.offsetTop - 60));
  await phone.screenshot({ path: test.info().outputPath("reading-supports-phone.png") });
  await expectNoViolations(phone, "lesson, supports on, phone");
  await phone.context().close();
});
