import { beforeAll, describe, expect, it } from "vitest";
import { knownDeviceId, newDeviceToken, withDeviceToken } from "./device";

beforeAll(() => {
  process.env.NEXTAUTH_SECRET ??= "device-test-secret";
});

describe("device tokens", () => {
  it("prove the account they were made for, and no other", () => {
    const token = newDeviceToken("amara");
    expect(knownDeviceId(token, "amara")).toBe(token.split(".")[0]);
    expect(knownDeviceId(token, "ben")).toBeUndefined();
    expect(knownDeviceId(undefined, "amara")).toBeUndefined();
  });

  it("cannot be forged or moved to another device id", () => {
    const [, signature] = newDeviceToken("amara").split(".");
    expect(knownDeviceId(`someone-elses-id.${signature}`, "amara")).toBeUndefined();
    expect(knownDeviceId("abc.def", "amara")).toBeUndefined();
  });

  it("share one cookie between the accounts used on a computer, each kept once", () => {
    const both = withDeviceToken(withDeviceToken(undefined, "amara"), "ben");
    expect(knownDeviceId(both, "amara")).toBeDefined();
    expect(knownDeviceId(both, "ben")).toBeDefined();
    expect(withDeviceToken(both, "amara")).toBe(both);
  });
});
