// PyTorch's own errors and warnings are results, captured with their type and text; the program goes on after a
// failing step. Message texts asserted here are the ones in /work/shared/notes/pytorch-semantics.md, checked there
// against torch 2.13.0.
import { beforeAll, expect, it } from "vitest";
import { wireTensor } from "../../src/case/index.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { makeCase, sharedOracle } from "./helpers.ts";

let oracle: WorkerClient;
beforeAll(async () => {
  oracle = await sharedOracle();
});

const ones = (shape: number[]) => wireTensor("float32", shape, new Array(shape.reduce((a, b) => a * b, 1)).fill(1));

it("BatchNorm1d on a 4-D input: ValueError with PyTorch's text, no value, and the next step still runs", async () => {
  const c = makeCase("bn-4d", { bn: { type: "BatchNorm1d", args: [3] } }, [
    { op: "forward", path: "", input: ones([2, 3, 2, 2]) },
    { op: "forward", path: "", input: ones([2, 3]) },
  ]);
  const [outcome] = await oracle.runCases([c]);
  expect(outcome?.status).toBe("ok");
  if (outcome?.status !== "ok") return;
  const [bad, good] = outcome.result.steps;
  expect(bad?.error).toEqual({ type: "ValueError", message: "expected 2D or 3D input (got 4D input)" });
  expect(bad?.value).toBeUndefined();
  expect(bad?.snapshot.stateDictKeys.length).toBeGreaterThan(0);
  expect(good?.error).toBeNull();
  expect(good?.value?.output?.shape).toEqual([2, 3]);
});

it("Dropout2d on a 3-D input: the step succeeds and its UserWarning is captured with PyTorch's text", async () => {
  const c = makeCase("d2d-3d", { d: { type: "Dropout2d" } }, [{ op: "forward", path: "", input: ones([2, 3, 4]) }]);
  const [outcome] = await oracle.runCases([c]);
  const step = outcome?.status === "ok" ? outcome.result.steps[0] : undefined;
  expect(step?.error).toBeNull();
  expect(step?.warnings).toEqual([
    {
      category: "UserWarning",
      message:
        "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.",
    },
  ]);
  expect(step?.value?.output?.shape).toEqual([2, 3, 4]);
});

it("a constructor error ends the case at build: build.error set, no snapshot, no steps run", async () => {
  const c = makeCase("bad-p", { d: { type: "Dropout", args: [2] } }, [{ op: "eval", path: "" }]);
  const [outcome] = await oracle.runCases([c]);
  expect(outcome?.status).toBe("ok");
  if (outcome?.status !== "ok") return;
  expect(outcome.result.build.error).toEqual({ type: "ValueError", message: "dropout probability has to be between 0 and 1, but got 2" });
  expect(outcome.result.build.snapshot).toBeUndefined();
  expect(outcome.result.steps).toEqual([]);
});
