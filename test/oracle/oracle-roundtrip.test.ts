// Tensors cross the wire losslessly in both directions: every IEEE bit pattern (NaN payloads, signalling NaNs, -0,
// infinities, subnormals) sent to real PyTorch comes back bit for bit, through a forward output and through the
// parameters, buffers and state_dict entries of a snapshot.
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_ELEMENTS, type DType, type Tensor } from "../../src/case/index.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { makeCase, sharedOracle } from "./helpers.ts";

let oracle: WorkerClient;
beforeAll(async () => {
  oracle = await sharedOracle();
});

// Bit patterns, not values: quiet/signalling/negative NaNs with payloads, zeros, infinities, subnormals, extremes.
const F32_BITS = [
  0x7fc00000, 0x7fc00001, 0xffc00000, 0x7f800001, 0xff812345, 0x7fbfffff, 0x80000000, 0x00000000, 0x7f800000, 0xff800000,
  0x00000001, 0x007fffff, 0x80000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3eaaaaab,
];
const F64_BITS = [
  0x7ff8000000000000n, 0x7ff8000000000001n, 0xfff8000000000000n, 0x7ff0000000000001n, 0xfff0123456789abcn,
  0x8000000000000000n, 0x0000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x0000000000000001n,
  0x000fffffffffffffn, 0x8000000000000001n, 0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn,
  0x3ff0000000000000n, 0xbff0000000000000n, 0x3fd5555555555555n, 0x36a0000000000000n, 0x47efffffe0000000n,
];

function bitsTensor(dtype: DType): Tensor {
  const bytes = dtype === "float32" ? Buffer.from(Uint32Array.from(F32_BITS).buffer) : Buffer.from(BigUint64Array.from(F64_BITS).buffer);
  return { dtype, shape: [20], data: bytes.toString("base64") };
}

/** Hex of each element's bits, for readable diffs. */
function hexBits(t: Tensor | undefined): string[] {
  if (!t) return [];
  const bytes = Buffer.from(t.data, "base64");
  const size = t.dtype === "float32" ? 4 : 8;
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(Buffer.from(bytes.subarray(i, i + size)).reverse().toString("hex"));
  return out;
}

describe.each(["float32", "float64"] as const)("lossless %s round trip through torch", (dtype) => {
  const input = bitsTensor(dtype);

  it("an Identity forward returns the input's bits (the very object, unmutated)", async () => {
    const [outcome] = await oracle.runCases([makeCase(`identity-${dtype}`, { m: { type: "Identity" } }, [{ op: "forward", path: "", input }])]);
    expect(outcome?.status).toBe("ok");
    const step = outcome?.status === "ok" ? outcome.result.steps[0] : undefined;
    expect(step?.error).toBeNull();
    expect(step?.value?.output).toMatchObject({ dtype, shape: [20] });
    expect(hexBits(step?.value?.output)).toEqual(hexBits(input));
    expect(step?.value?.sameObject).toBe(true);
    expect(step?.value?.inputMutated).toBe(false);
  });

  it("a loaded parameter and buffer come back bit for bit in snapshots and state_dict entries", async () => {
    const c = makeCase(`snapshot-${dtype}`, { bn: { type: "BatchNorm1d", args: [20], dtype } }, [
      { op: "load_state_dict", path: "", strict: false, put: [["weight", input], ["running_mean", input]] },
      { op: "state_dict", path: "" },
    ]);
    const [outcome] = await oracle.runCases([c]);
    expect(outcome?.status).toBe("ok");
    if (outcome?.status !== "ok") return;
    const [load, sd] = outcome.result.steps;
    expect(load?.error).toBeNull();
    const named = (list: [string, Tensor][] | undefined, key: string) => list?.find(([k]) => k === key)?.[1];
    expect(hexBits(named(load?.snapshot.parameters, "weight"))).toEqual(hexBits(input));
    expect(hexBits(named(load?.snapshot.buffers, "running_mean"))).toEqual(hexBits(input));
    expect(hexBits(named(sd?.value?.entries, "weight"))).toEqual(hexBits(input));
    expect(hexBits(named(sd?.value?.entries, "running_mean"))).toEqual(hexBits(input));
  });
});

describe("tensor shapes round trip", () => {
  it.each([
    ["0-dim", [] as number[]],
    ["empty", [0]],
    ["empty inner", [2, 0, 3]],
    ["6-dim", [1, 2, 1, 2, 1, 2]],
  ])("%s tensor through Identity keeps shape and bytes", async (_name, shape) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const input: Tensor = { dtype: "float64", shape, data: Buffer.from(Float64Array.from({ length: count }, (_, i) => i - 3.25).buffer).toString("base64") };
    const [outcome] = await oracle.runCases([makeCase("shape", { m: { type: "Identity" } }, [{ op: "forward", path: "", input }])]);
    const output = outcome?.status === "ok" ? outcome.result.steps[0]?.value?.output : undefined;
    expect(output).toEqual(input);
  });
});

it("the largest allowed tensor (MAX_ELEMENTS float32, a multi-megabyte line each way) round trips", async () => {
  const data = new Float32Array(MAX_ELEMENTS);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i) * 1e3;
  const input: Tensor = { dtype: "float32", shape: [1024, 1024], data: Buffer.from(data.buffer).toString("base64") };
  const [outcome] = await oracle.runCases([makeCase("big", { m: { type: "Identity" } }, [{ op: "forward", path: "", input }])]);
  const output = outcome?.status === "ok" ? outcome.result.steps[0]?.value?.output : undefined;
  expect(output?.shape).toEqual([1024, 1024]);
  expect(output?.data === input.data).toBe(true);
});
