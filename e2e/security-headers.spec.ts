import { expect, lessonOne, seedLessonForStudent, seedUser, signIn, test } from "./fixtures";

/** The policy as a map from directive to its sources, the way a browser reads it. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

function nonceOf(csp: string): string {
  const nonce = directives(csp)
    .get("script-src")
    ?.map((source) => /^'nonce-(.+)'$/.exec(source)?.[1])
    .find(Boolean);
  if (!nonce) throw new Error(`no nonce in script-src: ${csp}`);
  return nonce;
}

test("every page response has a CSP whose nonce is new each time and is the one on the page's scripts", async ({ request }) => {
  const seen: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/");
    expect(response.status()).toBe(200);
    const csp = response.headers()["content-security-policy"];
    expect(csp).toBeTruthy();
    const policy = directives(csp!);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    // With NEXTAUTH_URL unset (as here) next-auth redirects sign-in forms to the address in use: 'self'.
    // A configured NEXTAUTH_URL's origin is added (lib/security-headers.test.ts).
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toContain("'strict-dynamic'");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");

    const nonce = nonceOf(csp!);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // Nothing that only 'unsafe-inline' would let run.
    expect(html).not.toMatch(/\son[a-z]+=["']/i);
    // The fixed headers are still there beside it.
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    seen.push(nonce);
  }
  expect(seen[0]).not.toBe(seen[1]);
});

test("no HSTS over plain http, even when a client claims https without a trusted proxy", async ({ request }) => {
  for (const path of ["/", "/signin", "/join"]) {
    const plain = await request.get(path, { maxRedirects: 0 });
    expect(plain.headers()["strict-transport-security"], path).toBeUndefined();
  }
  const claimed = await request.get("/", { headers: { "X-Forwarded-Proto": "https" } });
  expect(claimed.headers()["content-security-policy"]).toBeTruthy();
  expect(claimed.headers()["strict-transport-security"]).toBeUndefined();
});

// `cspViolations` (e2e/csp-watch.ts) collects what the browser reports; any left at the end fails the test.
test("pages hydrate under the CSP, with no violation reported", async ({ page, cspViolations }) => {
  const { student, assignment } = await seedLessonForStudent("Strict Student");

  await signIn(page, student.username);
  await expect(page).toHaveURL(/\/dashboard$/);
  const response = await page.goto("/dashboard");
  const nonce = nonceOf(response!.headers()["content-security-policy"]!);
  // Browsers hide a nonce from getAttribute once the policy applies; the property still has it. Inline
  // scripts all carry it; a script without one has a src, a chunk Next's own code added ('strict-dynamic').
  const scripts = await page
    .locator("script")
    .evaluateAll((elements) => elements.map((s) => ({ nonce: (s as HTMLScriptElement).nonce, src: (s as HTMLScriptElement).src })));
  expect(scripts.filter((s) => s.nonce === nonce).length).toBeGreaterThan(0);
  expect(scripts.filter((s) => s.nonce !== nonce && !s.src)).toEqual([]);
  expect(scripts.filter((s) => s.nonce !== "" && s.nonce !== nonce)).toEqual([]);

  // Client-side navigation keeps the same window: only hydrated React and Next's router can do that.
  await page.evaluate(() => ((window as unknown as { stayedPut: boolean }).stayedPut = true));
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Join a class" }).click();
  await expect(page).toHaveURL(/\/join$/);
  await expect(nav.getByRole("link", { name: "Join a class" })).toHaveAttribute("aria-current", "page");
  // A client form (useActionState) shows the server's answer in place, without a page load.
  await page.getByLabel("Join code").fill("ZZZZZZ");
  await page.getByRole("button", { name: "Join class" }).click();
  await expect(page.locator("main [role=alert]")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayedPut?: boolean }).stayedPut)).toBe(true);

  // The lesson page: a draft autosaves (fetch to our own /api) under connect-src 'self'.
  await page.goto(`/assignments/${assignment.id}`);
  const short = lessonOne().excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
  await page.locator(`#item-${short.id}`).getByRole("textbox").fill("Saved under a strict policy");
  await expect(page.getByText(/All changes saved/)).toBeVisible();

  // Everything so far ran without the policy blocking anything.
  expect(cspViolations).toEqual([]);

  // What an injection would add, an inline event handler, is refused, and the watcher sees it (so the
  // empty list above means something). Only a handler: a <script> added from Playwright's evaluate() is
  // exempt from the page's CSP in Chromium, which would prove nothing.
  await page.evaluate(() => {
    const holder = document.createElement("div");
    holder.innerHTML = '<img alt="" src="data:," onerror="window.ranInjected = true">';
    document.body.append(holder);
  });
  await expect.poll(() => cspViolations.some((v) => v.includes(": script-src-attr blocked"))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { ranInjected?: boolean }).ranInjected)).toBeUndefined();
  cspViolations.length = 0;
});

test("an instructor's pages work under the CSP too", async ({ page }) => {
  const instructor = await seedUser("instructor", "Strict Instructor");
  await signIn(page, instructor.username);
  await expect(page).toHaveURL(/\/teach$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Lessons" }).click();
  await expect(page).toHaveURL(/\/teach\/lessons$/);
  // Any violation on these pages fails the test through the shared fixture (e2e/csp-watch.ts).
});
