import { test as base, type Browser, type BrowserContext } from "@playwright/test";

/*
 * Every spec runs under the Content-Security-Policy (proxy.ts), and this makes any violation a failure:
 * a script the policy refused is a page that quietly stopped working, which a spec might not notice.
 *
 * Reported two ways, both outside the policy's reach: a `securitypolicyviolation` listener installed as a
 * Playwright init script (injected over CDP, so the CSP does not apply to it) calling an exposed binding,
 * and Chromium's own "Refused to …" console messages.
 */

const BINDING = "__colloquyCspViolation";

/** Records the context's CSP violations into `violations` as they happen. */
export async function watchCspViolations(context: BrowserContext, violations: string[]): Promise<void> {
  await context.exposeBinding(BINDING, ({ page }, report: string) => {
    violations.push(`${page?.url() ?? "?"}: ${report}`);
  });
  await context.addInitScript((binding: string) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}${event.sample ? ` "${event.sample}"` : ""}`;
      (window as unknown as Record<string, (r: string) => void>)[binding]?.(report);
    });
  }, BINDING);
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${message.page()?.url() ?? "?"}: console: ${message.text()}`);
  });
}

/**
 * `test` with every browser context it sees watched: the default one, and those specs open themselves with
 * `browser.newContext()` (wrapped for the length of the test). Any violation fails the test afterwards;
 * a spec that provokes one on purpose reads and empties `cspViolations`.
 *
 * The contexts a test opened itself are closed when it ends. Playwright closes only its own `context`; the
 * others would stay open for the rest of the worker, their live pages still connected, polling and rendering,
 * and every later test would trace and, on failure, screenshot all of them. (Closing one still saves its
 * trace and failure screenshot: Playwright takes both as a context closes.)
 */
export const testFailingOnCspViolations = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      await watchCspViolations(context, violations);
      const newContext = browser.newContext;
      const opened: BrowserContext[] = [];
      browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const created = await newContext.apply(browser, args);
        opened.push(created);
        await watchCspViolations(created, violations);
        return created;
      };
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
        await Promise.all(opened.map((created) => created.close()));
      }
      if (violations.length) throw new Error(`The Content-Security-Policy blocked something:\n${violations.join("\n")}`);
    },
    { auto: true },
  ],
});
