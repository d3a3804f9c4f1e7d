// The Python warning sink of the port (src/errors.ts): where warn() goes when nobody or somebody is listening.
import { describe, expect, it } from "vitest";
import { catchWarnings, warn } from "../../src/errors.ts";

describe("warnings", () => {
  it("a warning outside catchWarnings is dropped, not thrown", () => {
    expect(() => warn("nobody listens")).not.toThrow();
  });
  it("nested catchWarnings: each warning goes to the innermost sink, and the outer one is current again after", () => {
    const outer = catchWarnings(() => {
      warn("a");
      const inner = catchWarnings(() => warn("b", "DeprecationWarning"));
      warn("c");
      return inner.warnings;
    });
    expect(outer.ok && outer.value).toEqual([{ category: "DeprecationWarning", message: "b" }]);
    expect(outer.warnings.map((w) => w.message)).toEqual(["a", "c"]);
  });
  it("a throwing function's warnings are kept and the sink is released", () => {
    const caught = catchWarnings(() => {
      warn("before");
      throw new Error("boom");
    });
    expect(caught.ok).toBe(false);
    expect(caught.warnings.map((w) => w.message)).toEqual(["before"]);
    const after = catchWarnings(() => warn("next"));
    expect(after.warnings.map((w) => w.message)).toEqual(["next"]);
    expect(caught.warnings).toHaveLength(1);
  });
});
