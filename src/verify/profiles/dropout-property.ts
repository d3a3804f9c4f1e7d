// Dropout for ports with another random generator: instead of PyTorch's very mask, what holds whatever the generator.
// A training-mode forward whose target is a dropout module (0 < p < 1) is judged by properties of the port's own
// output against the case's input; PyTorch's output must satisfy the same properties (checked here too), else the
// step is compared bit for bit as without the profile, so a rule this file gets wrong can never excuse a port.
import type { Case, Node, PyValue, Result, Snapshot, StepResult, Tensor as WireTensor } from "../../case/index.ts";
import { decodeTensor } from "../../case/index.ts";
import { dropoutParams } from "../../arbitraries/model.ts";
import { binomialPValue } from "../../conformance/binomial.ts";
import { blank } from "./masks.ts";
import { clone, type Profile } from "./profile.ts";

/** The false-alarm rate of the keep-rate test, per judged forward (a correct port fails it this often). */
export const KEEP_RATE_ALPHA = 1e-6;

/** SELU's alpha (torch's _dropout_impl): alpha dropout's dropped value is -alpha * a + alpha * a * p. */
const SELU_ALPHA = 1.7580993408473766;

const DROPOUT = /^(Dropout|Dropout[123]d|AlphaDropout|FeatureAlphaDropout)$/;

const HOLDS = "dropout properties hold (dropout-property)";
const RANDOM = "(depends on a dropout's random mask: not compared under dropout-property)";

type Floats = Float32Array | Float64Array;

/** What a dropout may make of one element: kept (f(x)) or dropped (g(x)), in the input's dtype. */
interface Rule {
  kept: (x: number) => number;
  dropped: (x: number) => number;
}

function ruleOf(type: string, p: number, f32: boolean): Rule {
  const r = f32 ? Math.fround : (x: number) => x;
  if (type === "AlphaDropout" || type === "FeatureAlphaDropout") {
    // noise.mul_(a); b = (noise - 1) * (alpha * a) + alpha * a * p; y = x * noise + b (scalars cast to the dtype)
    const a = 1 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
    const scale = r(a);
    const c1 = r(SELU_ALPHA * a);
    const c2 = r(SELU_ALPHA * a * p);
    const droppedB = r(-c1 + c2);
    return { kept: (x) => r(r(x * scale) + c2), dropped: (x) => r(r(x * 0) + droppedB) };
  }
  // noise = bernoulli(1 - p) / (1 - p); y = x * noise
  const scale = r(1 / r(1 - p));
  return { kept: (x) => r(x * scale), dropped: (x) => r(x * 0) };
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Elements per unit of the mask: 1 for Dropout and AlphaDropout, a channel's elements for the feature variants. */
function unitSize(type: string, shape: readonly number[]): number {
  const trailing = (from: number) => shape.slice(from).reduce((a, b) => a * b, 1);
  if (type === "Dropout" || type === "AlphaDropout") return 1;
  // Dropout1d and Dropout3d unsqueeze an unbatched input (rank 2, rank 4): then each row of dim 0 is a channel
  const unbatched = (type === "Dropout1d" && shape.length === 2) || (type === "Dropout3d" && shape.length === 4);
  return trailing(unbatched ? 1 : 2);
}

/** Why `y` is no dropout of `x` (undefined: it is), and the kept/total count over units whose fate shows. */
function judgeOutput(x: Floats, y: Floats, unit: number, rule: Rule): { why?: string; kept: number; seen: number } {
  let kept = 0;
  let seen = 0;
  for (let u = 0; u * unit < x.length; u++) {
    let fate: "kept" | "dropped" | undefined;
    for (let i = u * unit; i < Math.min(x.length, (u + 1) * unit); i++) {
      const k = same(y[i]!, rule.kept(x[i]!));
      const d = same(y[i]!, rule.dropped(x[i]!));
      if (!k && !d) return { why: `element ${i}: ${y[i]} is neither kept (${rule.kept(x[i]!)}) nor dropped (${rule.dropped(x[i]!)})`, kept, seen };
      if (k && d) continue;
      const here = k ? "kept" : "dropped";
      if (fate !== undefined && fate !== here) return { why: `element ${i}: its channel (elements ${u * unit}..${(u + 1) * unit - 1}) is partly kept and partly dropped`, kept, seen };
      fate = here;
    }
    if (fate === undefined) continue;
    seen++;
    if (fate === "kept") kept++;
  }
  return { kept, seen };
}

const pNumber = (v: PyValue | undefined): number | undefined =>
  typeof v === "number" ? v : v !== null && typeof v === "object" && !Array.isArray(v) && "$float" in v && typeof v.$float === "number" ? v.$float : undefined;

/** The node at `path` of the case's tree as built (undefined when steps may have changed the tree or the value). */
function nodeAt(c: Case, path: string): Node | undefined {
  let id = c.root;
  for (const name of path === "" ? [] : path.split(".")) {
    const child = (c.nodes[id]?.children ?? []).find(([n]) => n === name);
    if (!child) return undefined;
    id = child[1];
  }
  return c.nodes[id];
}

/** The dropout's p at step `at`: its constructor's, or the last setattr of p before the step. */
function pAt(c: Case, path: string, at: number): number | undefined {
  const node = nodeAt(c, path);
  if (!node || c.steps.slice(0, at).some((s) => s.op === "add_module")) return undefined;
  let p = pNumber(dropoutParams(node)?.p);
  for (const s of c.steps.slice(0, at)) if (s.op === "setattr" && s.path === path && s.name === "p") p = pNumber(s.value);
  return p;
}

const under = (path: string) => (name: string) => path === "" || name === path || name.startsWith(`${path}.`);

/** A live dropout (training, any p) inside the forward's target: its output depends on the random mask. */
const randomInside = (s: Snapshot | undefined, path: string) => (s?.modules ?? []).some(([name, cls, training]) => under(path)(name) && DROPOUT.test(cls) && training === true);

function propertyVerdict(x: WireTensor, y: WireTensor, type: string, p: number): string {
  const rule = ruleOf(type, p, x.dtype === "float32");
  const unit = unitSize(type, x.shape);
  const out = judgeOutput(decodeTensor(x).data as Floats, decodeTensor(y).data as Floats, unit, rule);
  if (out.why) return `dropout properties fail: ${out.why}`;
  const pValue = binomialPValue(out.kept, out.seen, 1 - p);
  if (pValue < KEEP_RATE_ALPHA) return `dropout properties fail: kept ${out.kept} of ${out.seen} ${unit === 1 ? "elements" : "channels"} at p=${p} (two-sided binomial p-value ${pValue.toPrecision(3)} < ${KEEP_RATE_ALPHA})`;
  return HOLDS;
}

export const dropoutProperty: Profile = {
  id: "dropout-property",
  summary: "the port's dropout draws its masks from another random generator: properties instead of PyTorch's mask",
  rules: [
    "a training forward at a Dropout/Dropout1d/2d/3d/AlphaDropout/FeatureAlphaDropout with 0 < p < 1: every element of the port's output is kept (x / (1 - p), exactly; alpha dropout: x * a + alpha * a * p) or dropped (0; alpha dropout: its one constant), whole channels for the feature variants",
    `the keep rate: kept elements (channels) against 1 - p, a two-sided exact binomial test with false-alarm rate ${KEEP_RATE_ALPHA} per forward`,
    "PyTorch's own output must pass the same checks, else the step is compared bit for bit; eval, p = 0 and p = 1 are compared bit for bit (eval = identity)",
    "a forward through a container holding a training dropout, and every buffer and state_dict entry from then on, is not compared (it depends on the mask)",
  ],
  mask(r: Result, c: Case, golden: Result): Result {
    const out = clone(r);
    let tainted = false;
    out.steps = out.steps.map((s: StepResult, i) => {
      const step = c.steps[i];
      const g = golden.steps[i];
      let next = s;
      if (step?.op === "forward" && g && g.error === null && g.value?.output && s.value?.output) {
        const entry = g.snapshot.modules.find(([name]) => name === step.path);
        const type = entry?.[1] ?? "";
        const p = DROPOUT.test(type) && entry?.[2] === true ? pAt(c, step.path, i) : undefined;
        if (p !== undefined && p > 0 && p < 1 && step.input.dtype !== "int64") {
          const verdict = (y: WireTensor) => {
            try {
              return propertyVerdict(step.input, y, type, p);
            } catch (e) {
              return `dropout properties cannot be checked: ${(e as Error).message}`;
            }
          };
          // only when PyTorch's output satisfies the rules is the port judged by them
          if (verdict(g.value.output) === HOLDS) next = { ...s, value: { ...s.value, output: { ...s.value.output, data: verdict(s.value.output) } } };
        } else if (randomInside(g.snapshot, step.path)) {
          tainted = true;
          next = { ...s, value: { ...s.value, output: { ...s.value.output, data: RANDOM } } };
        }
      }
      if (!tainted) return next;
      const buffers = next.snapshot.buffers.map(([k, t]): [string, WireTensor] => [k, blank(t)]);
      const value = next.value?.entries ? { ...next.value, entries: next.value.entries.map(([k, t]): [string, WireTensor] => [k, blank(t)]) } : next.value;
      return { ...next, snapshot: { ...next.snapshot, buffers }, ...(value ? { value } : {}) };
    });
    return out;
  },
};
