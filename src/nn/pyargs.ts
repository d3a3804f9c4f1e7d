// Python's binding of call arguments to a function's parameters, with CPython 3.11's TypeError texts
// (Python/ceval.c initialize_locals: keywords, then too many positional, then missing arguments).
import type { Py } from "../case/pyvalue.ts";
import { type TorchError, typeError } from "../errors.ts";
import type { DType } from "../tensor/tensor.ts";

/** A torch.dtype passed as an argument (the `dtype=` factory keyword). */
export class TorchDType {
  constructor(readonly dtype: DType) {}
}

/** A value in a Python call: a plain Python value or a torch.dtype. */
export type PyArg = Py | TorchDType;

export interface PyParam {
  name: string;
  /** Absent: a required parameter. */
  default?: PyArg;
  kwOnly?: boolean;
}

/** The signature of a method taking self first (self is not listed but is counted, as CPython counts it). */
export interface PySignature {
  qualname: string;
  params: PyParam[];
  varArgs?: boolean;
  varKwargs?: boolean;
}

export interface BoundArgs {
  values: Map<string, PyArg>;
  /** What *args collected. */
  args: PyArg[];
  /** What **kwargs collected, in call order. */
  kwargs: [string, PyArg][];
}

/** 'a'; 'a' and 'b'; 'a', 'b', and 'c' */
function nameList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(" and ");
  return `${q.slice(0, -1).join(", ")}, and ${q.at(-1)}`;
}

/** CPython's TypeError for a call that left the required parameters `names` (of one kind) without a value. */
export function missingArguments(qualname: string, names: readonly string[], kind: "positional" | "keyword-only" = "positional"): TorchError {
  return typeError(`${qualname}() missing ${names.length} required ${kind} argument${names.length === 1 ? "" : "s"}: ${nameList(names)}`);
}

export function bindArgs(sig: PySignature, args: readonly PyArg[], kwargs: readonly [string, PyArg][]): BoundArgs {
  const positional = sig.params.filter((p) => !p.kwOnly);
  const kwOnly = sig.params.filter((p) => p.kwOnly);
  const values = new Map<string, PyArg>();
  const bound: BoundArgs = { values, args: [], kwargs: [] };
  args.forEach((a, i) => {
    const p = positional[i];
    if (p !== undefined) values.set(p.name, a);
    else bound.args.push(a); // *args; without it, surplus positional arguments raise below
  });
  for (const [key, value] of kwargs) {
    if (!sig.params.some((p) => p.name === key)) {
      if (!sig.varKwargs) throw typeError(`${sig.qualname}() got an unexpected keyword argument '${key}'`);
      bound.kwargs.push([key, value]);
    } else if (values.has(key)) {
      throw typeError(`${sig.qualname}() got multiple values for argument '${key}'`);
    } else {
      values.set(key, value);
    }
  }
  if (args.length > positional.length && !sig.varArgs) {
    const argcount = positional.length + 1;
    const defcount = positional.filter((p) => "default" in p).length;
    const given = args.length + 1;
    const kwOnlyGiven = kwOnly.filter((p) => values.has(p.name)).length;
    const takes = defcount > 0 ? `from ${argcount - defcount} to ${argcount} positional arguments` : `${argcount} positional argument${argcount === 1 ? "" : "s"}`;
    // given counts self and at least one argument too many, so it is at least 2: CPython's singular "was" never applies
    const kwSig = kwOnlyGiven > 0 ? ` positional arguments (and ${kwOnlyGiven} keyword-only argument${kwOnlyGiven === 1 ? "" : "s"})` : "";
    throw typeError(`${sig.qualname}() takes ${takes} but ${given}${kwSig} were given`);
  }
  for (const group of [positional, kwOnly]) {
    const missing = group.filter((p) => !values.has(p.name) && !("default" in p)).map((p) => p.name);
    if (missing.length > 0) {
      throw missingArguments(sig.qualname, missing, group === positional ? "positional" : "keyword-only");
    }
    for (const p of group) if (!values.has(p.name)) values.set(p.name, p.default!);
  }
  return bound;
}

/** nn.Module.__init__(*args, **kwargs) of a subclass without its own __init__ (call_super_init is False). */
export function checkModuleInitArgs(className: string, args: readonly PyArg[], kwargs: readonly [string, PyArg][]): void {
  if (kwargs.length > 0) throw typeError(`${className}.__init__() got an unexpected keyword argument '${kwargs[0]![0]}'`);
  if (args.length > 0) throw typeError(`${className}.__init__() takes 1 positional argument but ${args.length + 1} were given`);
}
