import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createClass } from "./classes";
import { checkSignUp, joinClassFrom, lookUpJoinCode } from "./joining";
import { JOIN_LIMITS } from "./login-throttle";

/*
 * Bursts from one address, all at once. On PostgreSQL each request's transaction runs on a connection of
 * its own; without the address's lock every one of them would read the counter under its limit before any
 * was counted, and the whole burst would get through.
 */
let t: TestDatabase;
let code: string;
beforeAll(async () => {
  t = await openTestDatabase();
  const teacher = await makeUser(t.db, "instructor");
  code = (await createClass(t.db, teacher.id, "Burst")).joinCode;
});
afterAll(() => t.close());

const counts = (results: string[]) => results.reduce<Record<string, number>>((n, r) => ({ ...n, [r]: (n[r] ?? 0) + 1 }), {});

describe("join limits under a burst from one address", () => {
  it("let exactly the limit of wrong codes through, and refuse the rest", async () => {
    const student = await makeUser(t.db, "student");
    const burst = JOIN_LIMITS.failures + 10;
    const results = await Promise.all(Array.from({ length: burst }, () => joinClassFrom(t.db, "198.51.100.1", student.id, "WRONG1")));
    expect(counts(results.map((r) => r.status))).toEqual({ "bad-code": JOIN_LIMITS.failures, throttled: 10 });
    // The right code is refused too now, from this address only.
    expect((await joinClassFrom(t.db, "198.51.100.1", student.id, code)).status).toBe("throttled");
    expect((await joinClassFrom(t.db, "198.51.100.2", student.id, code)).status).toBe("joined");
  });

  it("count every join link's wrong code once, up to the limit", async () => {
    const burst = JOIN_LIMITS.failures + 10;
    const found = await Promise.all(Array.from({ length: burst }, () => lookUpJoinCode(t.db, "198.51.100.3", "WRONG2")));
    expect(found.every((f) => f === undefined)).toBe(true);
    const { loginThrottle } = t.db.t;
    const counter = await t.db.get(t.db.q.select().from(loginThrottle).where(eq(loginThrottle.key, "join:198.51.100.3")));
    expect(counter?.failures).toBe(JOIN_LIMITS.failures);
    expect(await checkSignUp(t.db, "198.51.100.3", code, "someone-new")).toBe("throttled");
    expect((await lookUpJoinCode(t.db, "198.51.100.4", code))?.name).toBe("Burst");
  });

  it("let exactly the limit of new accounts through", async () => {
    const burst = JOIN_LIMITS.signUps + 10;
    const results = await Promise.all(Array.from({ length: burst }, (_, i) => checkSignUp(t.db, "198.51.100.5", code, `burst-${i}`)));
    expect(counts(results)).toEqual({ ok: JOIN_LIMITS.signUps, "too-many-accounts": 10 });
  });

  it("tell a taken username and a wrong code apart, and count both", async () => {
    const taken = await makeUser(t.db, "student", "taken-name");
    expect(await checkSignUp(t.db, "198.51.100.6", code, taken.username)).toBe("taken");
    expect(await checkSignUp(t.db, "198.51.100.6", "WRONG3", "free-name")).toBe("bad-code");
    expect(await checkSignUp(t.db, "198.51.100.6", code, "free-name")).toBe("ok");
    const { loginThrottle } = t.db.t;
    const counted = async (key: string) => (await t.db.get(t.db.q.select().from(loginThrottle).where(eq(loginThrottle.key, key))))?.failures;
    expect(await counted("join:198.51.100.6")).toBe(2);
    expect(await counted("signup:198.51.100.6")).toBe(1);
  });
});
