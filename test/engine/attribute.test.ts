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

  it("are the op alone for a step's record as a whole, 'step' past the case's steps, and 'outcome' for the outcome", () => {
    const c = { steps: [{ op: "train" }, { op: "forward" }] } as unknown as Case;
    expect(causeOf(c, d("steps[1]"))).toBe("forward");
    expect(causeOf(c, d("steps[2].value"))).toBe("step: value");
    expect(causeOf(c, { path: "", step: null, field: "outcome", golden: "", port: "", note: "" })).toBe("outcome");
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

  it("a consequence of a consequence follows from the root", () => {
    expect(consequences([d("steps[0].error"), d("steps[0].value.v", "1", "2"), d("steps[1].value.v", "1", "2")])).toEqual([-1, 0, 0]);
    // whatever the order the differences come in: here the first one follows from an error listed after it
    expect(consequences([d("steps[0].value.v", "1", "2"), d("steps[0].error"), d("steps[1].value.v", "1", "2")])).toEqual([1, -1, 1]);
  });

  it("only state stays diverged after a differing error; a later value of another value is its own difference", () => {
    expect(consequences([d("steps[0].error"), d("steps[0].value.v", "1", "2"), d("steps[1].value.v", "3", "4")])).toEqual([-1, 0, -1]);
    expect(consequences([d("steps[0].error"), d("steps[0].snapshot.x", "1", "2"), d("steps[1].snapshot.x", "3", "4")])).toEqual([-1, 0, 0]);
  });

  it("only the record's error as a whole makes the rest of the record follow, and the first one counts", () => {
    expect(consequences([d("steps[0].error.message"), d("steps[0].value")])).toEqual([-1, -1]);
    expect(consequences([d("steps[10].error"), d("steps[10].value"), d("steps[1].value", "x", "y")])).toEqual([-1, 0, -1]);
    expect(consequences([d("steps[0].error"), d("steps[0].error")])).toEqual([-1, 0]);
  });

  it("a difference carried over is one of an earlier record, the build included, with the same values", () => {
    expect(consequences([d("build.snapshot.x", "1", "2"), d("steps[0].snapshot.x", "1", "2"), d("steps[1].snapshot.x", "1", "3")])).toEqual([-1, 0, -1]);
    expect(consequences([d("steps[0].value.a", "1", "2"), d("steps[0].value.a", "1", "2")])).toEqual([-1, -1]);
    expect(consequences([d("", "1", "2"), d("", "1", "2")])).toEqual([-1, -1]);
    expect(consequences([d("steps[0].value.a"), d("steps[1].value.a"), d("steps[1].value.a")])).toEqual([-1, 0, 0]);
  });

  it("a record is where a path starts, with any step index, and the record as a whole carries over too", () => {
    expect(consequences([d("steps[1].value.v", "1", "2"), d("steps[10].value.v", "1", "2")])).toEqual([-1, 0]);
    expect(consequences([d("steps[0]", "1", "2"), d("steps[1]", "1", "2")])).toEqual([-1, 0]);
    expect(consequences([d("extra.build.x", "1", "2"), d("steps[1].extra.x", "1", "2")])).toEqual([-1, -1]);
    expect(consequences([d("steps[0].error"), d("extra.steps[0].value")])).toEqual([-1, -1]);
  });
});
