import config from "../playwright.config";
import { expect, PASSWORD, seedClass, seedUser, signIn, test, uniqueName } from "./fixtures";

/*
 * A default install (NEXTAUTH_URL unset, as in these tests' server) follows the address each person opened:
 * 127.0.0.1, or a name the school's network gives the server (here "school.test", mapped by Chromium).
 */
const port = new URL(process.env.E2E_BASE_URL!).port;
const launch = config.use!.launchOptions!;
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), "--host-resolver-rules=MAP school.test 127.0.0.1"] } });

for (const host of ["127.0.0.1", "school.test"]) {
  const origin = `http://${host}:${port}`;

  test(`at ${host}, signing in stays at ${host} and the join link and login cards say it`, async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const cls = await seedClass(instructor, "Address class");
    const teacher = await (await browser.newContext({ baseURL: origin })).newPage();
    await signIn(teacher, instructor.username);
    await expect(teacher).toHaveURL(`${origin}/teach`);
    await teacher.goto(`/teach/classes/${cls.id}`);
    await expect(teacher.getByText(`${origin}/join/${cls.joinCode}`)).toBeVisible();
    await teacher.getByRole("link", { name: /Import a roster/ }).click();
    await teacher.getByLabel("…or paste it here").fill(`display name,username\nCard Student,${uniqueName("card")}\n`);
    await teacher.getByRole("button", { name: "Check the roster" }).click();
    await teacher.getByRole("button", { name: "Create 1 student" }).click();
    await expect(teacher.getByText(`Sign in at ${origin}/signin`)).toBeVisible();

    // A new student follows that link on their own device and ends up signed in, at the same address.
    const student = await (await browser.newContext()).newPage();
    await student.goto(`${origin}/join/${cls.joinCode}`);
    await student.getByLabel("Your name").fill("Address Student");
    await student.getByLabel("Choose a username").fill(uniqueName("addr"));
    await student.getByLabel("Choose a password").fill(PASSWORD);
    await student.getByRole("button", { name: "Create account and join" }).click();
    await expect(student).toHaveURL(new RegExp(`^${origin.replace(/\./g, "\\.")}/dashboard`));
    await expect(student.getByRole("status")).toContainText(`You joined ${cls.name}`);
  });
}

test("a client's own X-Forwarded-Host does not move sign-in elsewhere without a trusted proxy", async ({ request }) => {
  const user = await seedUser("student");
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: user.username, password: PASSWORD, callbackUrl: "/dashboard" },
    headers: { "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" },
    maxRedirects: 0,
  });
  expect(response.headers()["location"]).toBe(`http://localhost:${port}/dashboard`);
});
