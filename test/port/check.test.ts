// The one rejection whose text is the port's own (the oracle names itself in its version; conformance-rejections
// compares every other rejection with the oracle's): a case of another schema version.
import { describe, expect, it } from "vitest";
import { checkCase, Rejected } from "../../src/adapters/builtin/check.ts";

const rejection = (value: unknown) => {
  try {
    checkCase(value);
  } catch (e) {
    if (e instanceof Rejected) return { code: e.code, message: e.message, where: e.where };
    throw e;
  }
  throw new Error("not rejected");
};

describe("schema version", () => {
  it("names the version given, in JSON, and the one the port speaks, before any other check", () => {
    expect(rejection({ schema: 2 })).toEqual({ code: "schema_version", message: "case schema 2 is not supported; this port speaks schema 1", where: "/case/schema" });
    expect(rejection({ schema: "1", nodes: 5 }).message).toBe('case schema "1" is not supported; this port speaks schema 1');
  });
  it("shows at most 80 characters of it", () => {
    const { message } = rejection({ schema: "x".repeat(200) });
    expect(message).toBe(`case schema "${"x".repeat(79)} is not supported; this port speaks schema 1`);
  });
});
