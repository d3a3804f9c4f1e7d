// The port's in-place tensor operations (copy_, and the shape and cast checks of mul_/div_/add_ into an existing
// tensor) against torch's own, asked from the oracle venv: TensorIterator's rule that the output takes part in the
// broadcast and cannot grow, ATen's infer_size wording, and the float-into-Long cast refusal. Module-level specs that
// reach these operations through cases are in src/specs/inplace.ts.
import { describe, expect, it } from "vitest";
import { SCALAR_TYPE, checkInplaceCast, checkInplaceShape, type DType, Tensor, withFloatScalar } from "../../src/tensor/tensor.ts";
import { TorchError } from "../../src/errors.ts";
import { askPython } from "./ask-python.ts";

type Outcome = { ok: string } | { error: string };

/** [output shape, source shape]: equal, broadcastable into the output, growing the output, incompatible, empty. */
const SHAPES: [number[], number[]][] = [
  [[3], [3]],
  [[3], [1]],
  [[3], []],
  [[2, 3], [3]],
  [[2, 3], [2, 1]],
  [[2, 3], [1, 3]],
  [[2, 1, 3], [4, 1]],
  [[0], [1]],
  [[0, 2], [2]],
  [[1], [2]],
  [[1], [0]],
  [[], [1, 1]],
  [[3], [1, 3]],
  [[3], [2, 3]],
  [[3], [2]],
  [[3], [0]],
  [[0], [3]],
  [[2, 3], [3, 1]],
  [[2, 3], [2, 3, 1]],
  // a source of two dimensions under an extra leading one: the broadcast strides of more than one source dimension
  [[2, 2, 3], [2, 3]],
  [[2, 3, 2], [3, 1]],
];

const DTYPES: DType[] = ["float32", "float64", "int64"];

/** Source elements 1.5, -2.5, 3.5, ...: the fractions show float-to-int conversion. */
function source(shape: number[], dtype: DType): Tensor {
  const t = new Tensor(dtype, shape);
  for (let i = 0; i < t.numel; i++) t.setItem(i, dtype === "int64" ? BigInt((i + 1) * (i % 2 ? -1 : 1)) : (i + 1.5) * (i % 2 ? -1 : 1));
  return t;
}

const bytesHex = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString("hex");

function portOutcome(run: () => Tensor): Outcome {
  try {
    return { ok: bytesHex(run()) };
  } catch (e) {
    if (!(e instanceof TorchError)) throw e;
    return { error: `${e.pyType}: ${e.message}` };
  }
}

/** The same operations in torch: one outcome per [out shape, src shape, out dtype, src dtype] combination. */
const combos = SHAPES.flatMap(([o, s]) => DTYPES.flatMap((od) => DTYPES.map((sd) => [o, s, od, sd] as const)));
const torchCopy = askPython<Outcome[]>(`
import json, torch
def src(shape, dtype):
    n = 1
    for d in shape: n *= d
    vals = [(i + 1 if dtype == torch.int64 else i + 1.5) * (-1 if i % 2 else 1) for i in range(n)]
    return torch.tensor(vals, dtype=dtype).reshape(shape)
out = []
for o, s, od, sd in ${JSON.stringify(combos)}:
    try:
        t = torch.zeros(o, dtype=getattr(torch, od)).copy_(src(s, getattr(torch, sd)))
        out.append({"ok": bytes(t.reshape(-1).view(torch.uint8).tolist()).hex()})
    except Exception as e:
        out.append({"error": f"{type(e).__name__}: {e}"})
print(json.dumps(out))
`);

describe("copy_ into an existing tensor, as torch does it", () => {
  it.each(combos.map((c, i) => [`${JSON.stringify(c[0])} <- ${JSON.stringify(c[1])} ${c[2]} <- ${c[3]}`, i] as const))("%s", (_name, i) => {
    const [o, s, od, sd] = combos[i]!;
    expect(portOutcome(() => new Tensor(od, o).copy_(source(s, sd)))).toEqual(torchCopy[i]);
  });
  it("the cases above include both errors and broadcast copies (the table is not all one outcome)", () => {
    const kinds = new Set(torchCopy.map((r) => ("ok" in r ? "ok" : r.error.split(" (")[0]!.slice(0, 30))));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
  });
  it("a broadcast copy moves bytes: a signalling NaN keeps its payload", () => {
    const src = new Tensor("float32", [1]);
    new Uint32Array(src.data.buffer)[0] = 0x7f800001;
    const out = new Tensor("float32", [3]).copy_(src);
    const torchBits = askPython<number[]>(
      "import json, torch\nsrc = torch.tensor([0x7f800001], dtype=torch.int32).view(torch.float32)\nprint(json.dumps(torch.zeros(3).copy_(src).view(torch.int32).tolist()))",
    );
    expect([...new Int32Array(out.data.buffer)]).toEqual(torchBits);
  });
});

/** x.mul_(y) with tensors: the shape check and the cast check, in torch's order. */
const arith = SHAPES.flatMap(([o, s]) => DTYPES.flatMap((od) => DTYPES.map((sd) => [o, s, od, sd] as const)));
const torchMul = askPython<Outcome[]>(`
import json, torch
out = []
for o, s, od, sd in ${JSON.stringify(arith)}:
    try:
        torch.ones(o, dtype=getattr(torch, od)).mul_(torch.ones(s, dtype=getattr(torch, sd)))
        out.append({"ok": ""})
    except Exception as e:
        out.append({"error": f"{type(e).__name__}: {e}"})
print(json.dumps(out))
`);

/** torch.result_type of each pair of the port's dtypes, as torch computes it: the dtype mul_ must cast into `out`. */
const resultType = new Map(
  askPython<[string, string, DType][]>(`
import json, torch
ds = ${JSON.stringify(DTYPES)}
print(json.dumps([[a, b, str(torch.result_type(torch.ones(1, dtype=getattr(torch, a)), torch.ones(1, dtype=getattr(torch, b)))).removeprefix("torch.")] for a in ds for b in ds]))
`).map(([a, b, r]) => [`${a},${b}`, r]),
);

describe("the checks of an arithmetic op written into an existing tensor (x.mul_(y)), as torch does them", () => {
  it.each(arith.map((c, i) => [`${JSON.stringify(c[0])} *= ${JSON.stringify(c[1])} ${c[2]} *= ${c[3]}`, i] as const))("%s", (_name, i) => {
    const [o, s, od, sd] = arith[i]!;
    const out = new Tensor(od, o);
    const other = new Tensor(sd, s);
    const outcome = portOutcome(() => {
      checkInplaceShape(out, other);
      checkInplaceCast(out, resultType.get(`${od},${sd}`)!);
      return new Tensor(od, []);
    });
    expect("ok" in outcome ? { ok: "" } : outcome).toEqual(torchMul[i]);
  });
  it("t * a Python float has the dtype torch gives it", () => {
    const torch = askPython<DType[]>(`
import json, torch
print(json.dumps([str((torch.ones(1, dtype=getattr(torch, d)) * 2.5).dtype).removeprefix("torch.") for d in ${JSON.stringify(DTYPES)}]))
`);
    expect(DTYPES.map(withFloatScalar)).toEqual(torch);
  });
  it("names the dtypes as c10 does", () => {
    expect(Object.values(SCALAR_TYPE)).toEqual(askPython<string[]>(`
import json, torch
print(json.dumps([str(torch.empty(0, dtype=d).type()).removeprefix("torch.").removesuffix("Tensor") for d in (torch.float32, torch.float64, torch.int64)]))
`));
  });
});
