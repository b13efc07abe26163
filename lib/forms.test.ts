import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formError, isSecretField, NUL_IN_TEXT, parseForm } from "./forms";

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
};

describe("form replies", () => {
  it("echo what was typed, except secrets and React's own fields", () => {
    const data = form({ username: "ada", currentPassword: "old secret", password: "new secret", confirmPassword: "other secret", $ACTION_ID_1: "" });
    expect(formError("Nope.", data).values).toEqual({ username: "ada" });
  });

  it("treat any field with 'password' in its name as a secret", () => {
    for (const name of ["password", "currentPassword", "confirmPassword", "newPASSWORD"]) expect(isSecretField(name)).toBe(true);
    for (const name of ["username", "current", "confirm", "name"]) expect(isSecretField(name)).toBe(false);
  });

  it("leave secrets out of a validation failure's reply too", () => {
    const schema = z.object({ password: z.string().min(8), confirmPassword: z.string() }).refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "Not the same." });
    const parsed = parseForm(schema, form({ password: "first secret", confirmPassword: "second secret", username: "ada" }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.state.fieldErrors).toEqual({ confirmPassword: "Not the same." });
    expect(JSON.stringify(parsed.state)).not.toMatch(/secret/);
  });

  it("refuse a field with U+0000 in it (which cannot be stored) rather than dropping it: '1\\0' is not the id 1", () => {
    const parsed = parseForm(z.object({ id: z.coerce.number().int(), name: z.string() }), form({ id: "1\u0000", name: "fine" }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.state.fieldErrors).toEqual({ id: NUL_IN_TEXT });
  });
});
