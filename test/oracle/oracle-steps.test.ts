// Every step kind runs on real PyTorch over a small tree (Sequential of BatchNorm1d and Dropout, plus an Identity
// added later) and yields a result of the right structure. Values are only ever compared with other values torch
// produced in the same run, never with numbers written here.
import { beforeAll, describe, expect, it } from "vitest";
import type { Result, Step, StepResult, Tensor } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { makeCase, sharedOracle } from "./helpers.ts";

const input = (rows: number) => wireTensor("float32", [rows, 3], Array.from({ length: rows * 3 }, (_, i) => (i % 5) - 1.5 + i / 7));

const STEPS: Step[] = [
  /* 0 */ { op: "manual_seed", seed: 7 },
  /* 1 */ { op: "forward", path: "", input: input(4) },
  /* 2 */ { op: "state_dict", path: "" },
  /* 3 */ { op: "eval", path: "" },
  /* 4 */ { op: "forward", path: "", input: input(2) },
  /* 5 */ { op: "train", path: "" },
  /* 6 */ { op: "train", path: "0", mode: false },
  /* 7 */ { op: "setattr", path: "1", name: "p", value: 0.25 },
  /* 8 */ { op: "reset_running_stats", path: "0" },
  /* 9 */ { op: "load_state_dict", path: "", from: 2 },
  /* 10 */ { op: "load_state_dict", path: "", from: 2, remove: ["0.num_batches_tracked"], strict: false },
  /* 11 */ { op: "reset_parameters", path: "0" },
  /* 12 */ { op: "add_module", path: "", name: "2", node: "extra" },
  /* 13 */ { op: "forward", path: "", input: input(3) },
];

let oracle: WorkerClient;
let result: Result;
let steps: StepResult[];
beforeAll(async () => {
  oracle = await sharedOracle();
  const c = makeCase(
    "every-step",
    {
      seq: { type: "Sequential", children: [["0", "bn"], ["1", "drop"]] },
      bn: { type: "BatchNorm1d", args: [3] },
      drop: { type: "Dropout", args: [0.5] },
      extra: { type: "Identity" },
    },
    STEPS,
  );
  const [outcome] = await oracle.runCases([c]);
  if (outcome?.status !== "ok") throw new Error(`the oracle did not run the case: ${JSON.stringify(outcome)}`);
  result = outcome.result;
  steps = result.steps;
});

const tensorOf = (list: [string, Tensor][] | undefined, key: string) => list?.find(([k]) => k === key)?.[1];
const trainingFlags = (s: StepResult | undefined) => Object.fromEntries((s?.snapshot.modules ?? []).map(([name, , training]) => [name, training]));

describe("every step kind on a small tree (real PyTorch)", () => {
  it("builds the tree: snapshot of modules, parameters, buffers and state_dict keys", () => {
    expect(result.id).toBe("every-step");
    expect(result.build.error).toBeNull();
    const snap = result.build.snapshot!;
    expect(snap.modules.map(([name, cls]) => [name, cls])).toEqual([["", "Sequential"], ["0", "BatchNorm1d"], ["1", "Dropout"]]);
    expect(snap.parameters.map(([k]) => k)).toEqual(["0.weight", "0.bias"]);
    expect(snap.buffers.map(([k]) => k)).toEqual(["0.running_mean", "0.running_var", "0.num_batches_tracked"]);
    expect(snap.stateDictKeys).toEqual(["0.weight", "0.bias", "0.running_mean", "0.running_var", "0.num_batches_tracked"]);
    expect(steps).toHaveLength(STEPS.length);
  });

  it("every step ran without error and carries a snapshot", () => {
    expect(steps.map((s) => s.error)).toEqual(STEPS.map(() => null));
    for (const s of steps) expect(s.snapshot.modules.length).toBeGreaterThan(0);
  });

  it("manual_seed: no value, state unchanged", () => {
    expect(steps[0]?.value).toBeUndefined();
    expect(steps[0]?.snapshot).toEqual(result.build.snapshot);
  });

  it("forward in training: a new output of the input's shape; running stats and counter move", () => {
    const v = steps[1]?.value;
    expect(v?.output).toMatchObject({ dtype: "float32", shape: [4, 3] });
    expect(v?.sameObject).toBe(false);
    expect(v?.inputMutated).toBe(false);
    const before = result.build.snapshot!.buffers;
    const after = steps[1]!.snapshot.buffers;
    expect(tensorOf(after, "0.running_mean")).not.toEqual(tensorOf(before, "0.running_mean"));
    expect(tensorOf(after, "0.num_batches_tracked")).toMatchObject({ dtype: "int64", shape: [] });
    expect(tensorOf(after, "0.num_batches_tracked")).not.toEqual(tensorOf(before, "0.num_batches_tracked"));
  });

  it("state_dict: the entries in key order with the snapshot's values, and _metadata per module prefix", () => {
    const v = steps[2]?.value;
    expect(v?.entries?.map(([k]) => k)).toEqual(steps[2]?.snapshot.stateDictKeys);
    for (const [k, t] of v?.entries ?? []) {
      expect(t).toEqual(tensorOf(steps[2]!.snapshot.parameters, k) ?? tensorOf(steps[2]!.snapshot.buffers, k));
    }
    expect(v?.metadata?.map(([prefix]) => prefix)).toEqual(["", "0", "1"]);
  });

  it("eval/train return the module itself and set training recursively (train(False) on one child only)", () => {
    expect(steps[3]?.value?.returnsSelf).toBe(true);
    expect(trainingFlags(steps[3])).toEqual({ "": false, "0": false, "1": false });
    expect(steps[5]?.value?.returnsSelf).toBe(true);
    expect(trainingFlags(steps[5])).toEqual({ "": true, "0": true, "1": true });
    expect(steps[6]?.value?.returnsSelf).toBe(true);
    expect(trainingFlags(steps[6])).toEqual({ "": true, "0": false, "1": true });
  });

  it("forward in eval: output of the input's shape, buffers untouched", () => {
    expect(steps[4]?.value?.output).toMatchObject({ dtype: "float32", shape: [2, 3] });
    expect(steps[4]?.snapshot.buffers).toEqual(steps[3]?.snapshot.buffers);
  });

  it("setattr: a plain attribute write, no value, tree state unchanged", () => {
    expect(steps[7]?.value).toBeUndefined();
    expect(steps[7]?.snapshot).toEqual(steps[6]?.snapshot);
  });

  it("reset_running_stats: buffers back to what construction made", () => {
    expect(steps[8]?.snapshot.buffers).toEqual(result.build.snapshot!.buffers);
    expect(steps[8]?.snapshot.parameters).toEqual(steps[7]?.snapshot.parameters);
  });

  it("load_state_dict: reports missing and unexpected keys; a removed key is missing when not strict", () => {
    expect(steps[9]?.value).toEqual({ missing: [], unexpected: [] });
    expect(steps[10]?.value?.unexpected).toEqual([]);
    expect(steps[10]?.value?.missing).toContain("0.num_batches_tracked");
  });

  it("reset_parameters: parameters and buffers back to what construction made", () => {
    expect(steps[11]?.snapshot.parameters).toEqual(result.build.snapshot!.parameters);
    expect(steps[11]?.snapshot.buffers).toEqual(result.build.snapshot!.buffers);
  });

  it("add_module: the new child appears in the tree and runs in the next forward", () => {
    expect(steps[12]?.snapshot.modules.map(([name, cls]) => [name, cls])).toEqual([["", "Sequential"], ["0", "BatchNorm1d"], ["1", "Dropout"], ["2", "Identity"]]);
    expect(steps[13]?.value?.output).toMatchObject({ dtype: "float32", shape: [3, 3] });
  });
});

describe("cases are independent of each other", () => {
  it("the same case gives the same result alone, twice in one batch, and after other cases", async () => {
    const c = makeCase("again", { seq: { type: "Sequential", children: [["0", "d"]] }, d: { type: "Dropout", args: [0.5] } }, [{ op: "forward", path: "", input: input(8) }]);
    const other = makeCase("other", { d: { type: "Dropout", args: [0.3] } }, [{ op: "forward", path: "", input: input(9) }]);
    const [alone] = await oracle.runCases([c]);
    const out = await oracle.runCases([c, other, c]);
    expect(alone?.status).toBe("ok");
    expect(out[0]).toEqual(alone);
    expect(out[2]).toEqual(alone);
  });
});
