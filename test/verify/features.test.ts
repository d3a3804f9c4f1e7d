// Feature tags of a case and the --features selection (OR within an option, AND across options, ! excludes).
import { describe, expect, it } from "vitest";
import { wireTensor, type Case } from "../../src/case/index.ts";
import { FeatureSelection, featureTags } from "../../src/verify/features.ts";

const kase: Case = {
  schema: 1,
  id: "t",
  nodes: { r: { type: "Sequential", children: [["0", "d"]] }, d: { type: "Dropout", args: [1] } },
  root: "r",
  steps: [{ op: "eval", path: "" }, { op: "forward", path: "", input: wireTensor("float32", [2], [0, Number.NaN]) }],
};

describe("featureTags", () => {
  it("adds module types and ops to the judge's tags", () => {
    const tags = featureTags(kase);
    expect(tags).toEqual(expect.arrayContaining(["module.Sequential", "module.Dropout", "op.eval", "op.forward", "dropout.p1", "input.nan", "mode.eval"]));
    expect([...tags].sort()).toEqual(tags);
  });
});

describe("FeatureSelection", () => {
  const tags = featureTags(kase);
  it.each([
    [[], true],
    [["module.Dropout"], true],
    [["module.BatchNorm*,module.Dropout"], true],
    [["module.BatchNorm*"], false],
    [["module.Dropout", "input.nan"], true],
    [["module.Dropout", "input.inf"], false],
    [["!module.BatchNorm*"], true],
    [["!module.Batch*,dropout.p1"], false],
    [["module.Drop??t"], true],
  ])("%j selects: %s", (spec, selected) => {
    expect(new FeatureSelection(spec).matches(tags)).toBe(selected);
  });
});
