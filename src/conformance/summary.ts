// A Result as short JSON lines: what the Python snippet prints for PyTorch, so a reader (and a test) can line the
// two up. One line for the build, one per step (error, warnings, value), one for the final state; tensors as hex.
import type { Case, Result, Snapshot, StepValue, Tensor as WireTensor, Warning } from "../case/index.ts";
import { decodePy, pyRepr } from "../case/index.ts";

const hex = (t: WireTensor): (string | number[] | boolean)[] => (t.lazy ? [t.dtype, "lazy"] : [t.dtype, t.shape, Buffer.from(t.data, "base64").toString("hex")]) as (string | number[])[];
const warnings = (ws: Warning[]) => ws.map((w) => `${w.category}: ${w.message}`);

function value(op: string, v: StepValue | undefined): Record<string, unknown> {
  if (v === undefined) return {};
  switch (op) {
    case "forward":
      return { output: hex(v.output!), sameObject: v.sameObject, inputMutated: v.inputMutated };
    case "train":
    case "eval":
      return { returnsSelf: v.returnsSelf };
    case "state_dict":
      return { entries: v.entries!.map(([k, t]) => [k, ...hex(t)]), metadata: v.metadata };
    case "load_state_dict":
      return { missing: v.missing, unexpected: v.unexpected };
    default:
      return {};
  }
}

function state(s: Snapshot): Record<string, unknown> {
  return {
    modules: s.modules.map(([name, cls, training]) => [name, cls, pyRepr(decodePy(training))]),
    parameters: s.parameters.map(([k, t]) => [k, ...hex(t)]),
    buffers: s.buffers.map(([k, t]) => [k, ...hex(t)]),
    stateDictKeys: s.stateDictKeys,
  };
}

/** The lines the Python snippet prints for this case, computed from a Result (the oracle's or a port's). */
export function summarizeResult(kase: Case, result: Result): string[] {
  const lines: string[] = [];
  const err = (e: { type: string; message: string } | null) => (e === null ? null : `${e.type}: ${e.message}`);
  lines.push(JSON.stringify({ build: err(result.build.error), warnings: warnings(result.build.warnings) }));
  if (result.build.error !== null) return lines;
  result.steps.forEach((r, i) => {
    const op = kase.steps[i]!.op;
    const hooks = r.hooks === undefined ? {} : { hooks: r.hooks.map((call) => ({ ...call, training: pyRepr(decodePy(call.training)) })) };
    lines.push(JSON.stringify({ step: i, op, error: err(r.error), warnings: warnings(r.warnings), ...(r.error === null ? value(op, r.value) : {}), ...hooks }));
  });
  const last = result.steps.length > 0 ? result.steps.at(-1)!.snapshot : result.build.snapshot!;
  lines.push(JSON.stringify({ final: state(last) }));
  return lines;
}
