// The rejections whose text is the port's own (conformance-rejections compares every other one with the oracle's):
// a case of another schema version (each side names itself), and schema violations (ajv words them, not Python's
// jsonschema; test/oracle/oracle-rejections.test.ts checks both sides' codes and pointers on the same cases).
import { describe, expect, it } from "vitest";
import { checkCase, Rejected } from "../../src/case/check.ts";

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

describe("schema violations", () => {
  const valid = { schema: 1, id: "c", nodes: { m: { type: "Identity" } }, root: "m", steps: [] };
  it.each([
    ["null", null, "/case"],
    ["a number", 5, "/case"],
    ["a list", [], "/case"],
    ["an object without schema", { id: "c" }, "/case"],
    ["a case without steps", { ...valid, steps: undefined }, "/case"],
    ["a forward step without its input", { ...valid, steps: [{ op: "forward", path: "" }] }, "/case/steps/0"],
    ["an unknown module type", { ...valid, nodes: { m: { type: "Linear" } } }, "/case/nodes/m/type"],
  ])("%s: schema_violation at %s", (_what, value, where) => {
    const r = rejection(JSON.parse(JSON.stringify(value)) as unknown);
    expect([r.code, r.where]).toEqual(["schema_violation", where]);
    expect(r.message.length).toBeGreaterThan(0);
  });
  it("a valid case passes", () => {
    expect(checkCase(valid).order).toEqual(["m"]);
  });
});
