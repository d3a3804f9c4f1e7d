// Which NaN ATen's CPU sum over dim 0 keeps when NaNs meet (src/nn/kernels/sum-cpu.ts, used by InstanceNorm's
// running-stat average), against torch itself from the oracle venv: every NaN carries its own payload (its index),
// so the result names the element that won. Shapes cover scalar and vector columns, row counts below row_sum's
// multi_row_sum level loop, every level of the loop in the blocks of 4 vectors, float32 and float64, all-NaN and
// mixed columns.
import { describe, expect, it } from "vitest";
import { sumDim0 } from "../../src/nn/kernels/sum-cpu.ts";
import { askPython } from "./ask-python.ts";

type Dtype = "float32" | "float64";
interface Shape {
  dtype: Dtype;
  rows: number;
  cols: number;
  /** Every k-th element is NaN (1: all), the others finite. */
  every: number;
}

const shapes: Shape[] = [];
for (const dtype of ["float32", "float64"] as const) {
  const lanes = dtype === "float32" ? 8 : 4;
  for (const cols of [1, 3, lanes, lanes + 3, 2 * lanes, 4 * lanes, 4 * lanes + lanes + 1]) {
    const maxRows = cols >= 4 * lanes ? 15 : 63;
    for (const rows of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63].filter((n) => n <= maxRows)) {
      for (const every of [1, 2, 3]) shapes.push({ dtype, rows, cols, every });
    }
  }
}

// vectorized_outer_sum's blocks of 4 vectors through the levels of multi_row_sum (16, 256 and 4096 rows a level)
for (const dtype of ["float32", "float64"] as const) {
  const lanes = dtype === "float32" ? 8 : 4;
  for (const cols of [4 * lanes, 8 * lanes]) {
    for (const rows of [16, 17, 31, 32, 33, 48, 65, 100, 256, 257, 300, 1030, 4096, 4100].filter((n) => n * cols <= 140_000)) {
      for (const every of [1, 2, 3, 5]) shapes.push({ dtype, rows, cols, every });
    }
  }
}

/** Element i: a NaN with payload i + 1 (sign from i) where i % every === 0, else a small finite value. */
const torchSums = askPython<string[]>(`
import json, os, struct
os.environ["ATEN_CPU_CAPABILITY"] = "default"  # the reference configuration: other kernels sum in other orders
import torch
torch.set_num_threads(1)
out = []
for s in ${JSON.stringify(shapes)}:
    n = s["rows"] * s["cols"]
    if s["dtype"] == "float32":
        raw = [(0x7fc00000 | (i + 1)) | ((i % 2) << 31) if i % s["every"] == 0 else struct.unpack("<I", struct.pack("<f", (i % 5) - 2.5))[0] for i in range(n)]
        t = torch.frombuffer(bytearray(struct.pack("<%dI" % n, *raw)), dtype=torch.float32)
    else:
        raw = [(0x7ff8000000000000 | (i + 1)) | ((i % 2) << 63) if i % s["every"] == 0 else struct.unpack("<Q", struct.pack("<d", (i % 5) - 2.5))[0] for i in range(n)]
        t = torch.frombuffer(bytearray(struct.pack("<%dQ" % n, *raw)), dtype=torch.float64)
    out.append(bytes(t.reshape(s["rows"], s["cols"]).sum(0).view(torch.uint8).tolist()).hex())
print(json.dumps(out))
`);

function portSum(s: Shape): string {
  const n = s.rows * s.cols;
  if (s.dtype === "float32") {
    const bits = Uint32Array.from({ length: n }, (_, i) => (i % s.every === 0 ? (0x7fc00000 | (i + 1) | ((i % 2) << 31)) >>> 0 : new Uint32Array(new Float32Array([(i % 5) - 2.5]).buffer)[0]!));
    return Buffer.from(sumDim0(new Float32Array(bits.buffer), s.rows, s.cols).buffer).toString("hex");
  }
  const bits = BigUint64Array.from({ length: n }, (_, i) =>
    i % s.every === 0 ? 0x7ff8000000000000n | BigInt(i + 1) | (BigInt(i % 2) << 63n) : new BigUint64Array(new Float64Array([(i % 5) - 2.5]).buffer)[0]!,
  );
  return Buffer.from(sumDim0(new Float64Array(bits.buffer), s.rows, s.cols).buffer).toString("hex");
}

describe("sum over dim 0: the NaN torch keeps", () => {
  it.each(shapes.map((s, i) => [`${s.dtype} ${s.rows}x${s.cols}, every ${s.every}`, i] as const))("%s", (_name, i) => {
    expect(portSum(shapes[i]!)).toBe(torchSums[i]);
  });
});
