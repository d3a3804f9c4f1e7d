// The Python warning sink of the port (src/errors.ts): where warn() goes when nobody or somebody is listening.
import { describe, expect, it, vi } from "vitest";
import { catchWarnings, onWarning, warn, type PyWarning } from "../../src/errors.ts";

describe("warnings", () => {
  it("outside catchWarnings with no listener: Node's process.emitWarning, with the Python category as its type", () => {
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      expect(() => warn("nobody listens", "DeprecationWarning")).not.toThrow();
      expect(emit).toHaveBeenCalledWith("nobody listens", "DeprecationWarning");
    } finally {
      emit.mockRestore();
    }
  });
  it("outside catchWarnings: every onWarning listener gets it (not process.emitWarning); unregistered, none does", () => {
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const seen: PyWarning[] = [];
    const seenToo: string[] = [];
    const off = onWarning((w) => seen.push(w));
    const offToo = onWarning((w) => seenToo.push(w.message));
    try {
      warn("heard");
      catchWarnings(() => warn("caught, not heard"));
      expect(seen).toEqual([{ category: "UserWarning", message: "heard" }]);
      expect(seenToo).toEqual(["heard"]);
      expect(emit).not.toHaveBeenCalled();
      off();
      offToo();
      warn("after");
      expect(seen).toHaveLength(1);
      expect(emit).toHaveBeenCalledTimes(1);
    } finally {
      off();
      offToo();
      emit.mockRestore();
    }
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
