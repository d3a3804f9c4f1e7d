import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import path from "node:path";
import { int64ToFloat32, Tensor, toInt64, UninitializedBuffer, UninitializedParameter } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

const REPO = path.resolve(import.meta.dirname, "..", "..");

/** The float32 values just below and above f (f finite). */
function neighbours(f: number): [number, number] {
  const b = new Float32Array([f]);
  const u = new Uint32Array(b.buffer);
  const step = (d: number) => {
    const c = new Uint32Array([u[0]!]);
    const x = new Float32Array(c.buffer);
    if (f === 0) return d * 2 ** -149;
    c[0] = c[0]! + (f > 0 ? d : -d);
    return x[0]!;
  };
  return [step(-1), step(1)];
}

describe("int64 -> float32", () => {
  test.prop([fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })])("rounds once, to the nearest float32, ties to even", (v) => {
    const f = int64ToFloat32(v);
    expect(Math.fround(f)).toBe(f);
    const err = (x: number) => (v - BigInt(x) < 0n ? BigInt(x) - v : v - BigInt(x));
    for (const n of neighbours(f)) if (Number.isFinite(n) && Number.isInteger(n)) expect(err(f) <= err(n)).toBe(true);
  });
  it("differs from rounding through double where double rounding would tie wrongly", () => {
    const v = 2n ** 60n + 2n ** 36n + 1n; // just above a float32 tie; Number() rounds the +1 away first
    expect(int64ToFloat32(v)).toBe(Number(2n ** 60n + 2n ** 37n));
  });
});

describe("Tensor", () => {
  it("views share elements but are new objects; in-place shape changes keep the object", () => {
    const t = Tensor.ones([2, 3]);
    const u = t.unsqueeze(0);
    expect(u).not.toBe(t);
    expect(u.data).toBe(t.data);
    expect(u.shape).toEqual([1, 2, 3]);
    expect(t.unsqueeze_(0).squeeze_(0)).toBe(t);
    expect(t.shape).toEqual([2, 3]);
  });
  it("toInt64 truncates toward zero and maps NaN/out-of-range to INT64_MIN", () => {
    expect([toInt64(2.9), toInt64(-2.9), toInt64(NaN), toInt64(2 ** 63)]).toEqual([2n, -2n, -(2n ** 63n), -(2n ** 63n)]);
  });
  it("squeeze(dim) drops only a dimension of size 1", () => {
    const t = Tensor.zeros([2, 1, 3]);
    expect(t.squeeze(0).shape).toEqual([2, 1, 3]);
    expect(t.squeeze(1).shape).toEqual([2, 3]);
    expect(t.squeeze_(0).shape).toEqual([2, 1, 3]);
    expect(t.squeeze_(1)).toBe(t);
    expect(t.shape).toEqual([2, 3]);
  });
  it("port defects are plain Errors, not PyTorch errors: elements that do not fit the shape", () => {
    expect(() => new Tensor("float32", [2, 1], new Float32Array(3))).toThrow(/3 elements given for shape \[2, 1\]/);
  });
  it("clone() copies the elements: writes to the clone leave the original alone", () => {
    const t = Tensor.zeros([2], "float64");
    const c = t.clone();
    c.fill_(3);
    expect([[...t.data], [...c.data], c.shape, c.dtype]).toEqual([[0, 0], [3, 3], [2], "float64"]);
  });
  it("copy_ converts between dtypes element by element and leaves its source alone", () => {
    const src = Tensor.zeros([3], "int64");
    (src.data as BigInt64Array).set([5n, -7n, 1n]);
    const dst = Tensor.zeros([3], "float64").copy_(src);
    expect([...dst.data]).toEqual([...src.data].map(Number));
    expect([...src.data]).toEqual([5n, -7n, 1n]);
  });
  it("an uninitialized parameter or buffer has no elements and a placeholder shape until materialize()", () => {
    for (const t of [new UninitializedParameter("float64"), new UninitializedBuffer("float32")]) {
      expect([t.lazy, t.numel, t.shape]).toEqual([true, 0, []]);
      t.materialize([2, 3]);
      expect([t.lazy, t.numel, t.shape]).toEqual([false, 6, [2, 3]]);
    }
    expect(new UninitializedParameter("float64").dtype).toBe("float64");
  });
  it("torch.empty and materialize() give the elements torch.empty gives under the oracle's reference configuration", () => {
    // the oracle module sets that configuration when imported
    const torchEmpty = askPython<Record<string, string>>(`
import json, os, sys
sys.path.insert(0, os.path.join(${JSON.stringify(REPO)}, "reference-py"))
import oracle, torch
dtypes = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}
print(json.dumps({name: bytes(torch.empty(3, dtype=d).untyped_storage()).hex() for name, d in dtypes.items()}))
`);
    for (const dtype of ["float32", "float64", "int64"] as const) {
      const lazy = dtype === "int64" ? null : new UninitializedParameter(dtype);
      lazy?.materialize([3]);
      for (const t of [Tensor.empty([3], dtype), ...(lazy ? [lazy] : [])]) expect(Buffer.from(t.data.buffer).toString("hex"), dtype).toBe(torchEmpty[dtype]);
    }
  });
  it("fill_ on an uninitialized tensor raises as zero_ does, naming fill_ (zero_'s text is checked against PyTorch)", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    const zero = message(() => new UninitializedBuffer("float32").zero_());
    expect(zero).toContain("<method 'zero_' of");
    expect(message(() => new UninitializedBuffer("float32").fill_(1))).toBe(zero.replace("'zero_'", "'fill_'"));
  });
});
