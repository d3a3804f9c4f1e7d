// Attribution: a difference's cause is its step's op and its field; a difference that only follows from another
// (the rest of a record whose error differs, everything after a differing build error, the same difference carried
// into later records) points at that one. Hand-made differences: the engine's bookkeeping, not PyTorch's behaviour.
import { describe, expect, it } from "vitest";
import type { Case } from "../../src/case/index.ts";
import type { Difference } from "../../src/conformance/compare.ts";
import { causeOf, consequences } from "../../src/engine/attribute.ts";

const d = (path: string, golden = "g", port = "p"): Difference => {
  const m = /^steps\[(\d+)\]\.?(.*)$/.exec(path);
  return { path, step: m ? Number(m[1]) : null, field: m ? m[2]! : path, golden, port, note: "" };
};

describe("causes", () => {
  it("are the step's op and the field", () => {
    const c = { steps: [{ op: "train" }, { op: "forward" }] } as unknown as Case;
    expect(causeOf(c, d("steps[1].value.output"))).toBe("forward: value.output");
    expect(causeOf(c, { ...d("build.error"), field: "build.error" })).toBe("build.error");
  });
});

describe("consequences", () => {
  it("the rest of a record whose error differs follows from the error", () => {
    expect(consequences([d("steps[0].error"), d("steps[0].value"), d("steps[0].snapshot.buffers"), d("steps[1].value.output")])).toEqual([-1, 0, 0, -1]);
  });

  it("everything follows from a differing build error", () => {
    expect(consequences([d("build.error"), d("build.snapshot"), d("steps[0]")])).toEqual([-1, 0, 0]);
  });

  it("state that diverged with a differing error, and a difference carried into later records, follow from their root", () => {
    const ds = [d("steps[0].error"), d("steps[0].snapshot.buffers[\"running_mean\"]", "1", "0"), d("steps[1].snapshot.buffers[\"running_mean\"]", "1", "0"), d("steps[2].snapshot.buffers[\"running_mean\"]", "2", "0")];
    expect(consequences(ds)).toEqual([-1, 0, 0, 0]);
    // without the error, a new value of the statistic is a difference of its own
    expect(consequences(ds.slice(1))).toEqual([-1, 0, -1]);
  });
});
