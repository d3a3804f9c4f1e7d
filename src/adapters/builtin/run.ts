// Running a checked case on the port: seed, build, then each step with its error, warnings, value and
// snapshot, exactly as reference-py/oracle.py records them for real PyTorch.
import type { AddModuleStep, LoadStateDictStep, PyError, Result, Step, StepResult, StepValue, Warning } from "../../case/index.ts";
import { decodePy, isHookRegistration, rawTensor, TensorBudget } from "../../case/index.ts";
import { attributeError, catchWarnings, TorchError, typeError } from "../../errors.ts";
import { Module, StateDict } from "../../nn/module.ts";
import { manualSeed } from "../../random/generator.ts";
import { Tensor } from "../../tensor/tensor.ts";
import { buildTree, type FactoryLookup } from "./build.ts";
import { type CheckedCase, cycleRejected, pointer, Rejected } from "../../case/check.ts";
import { Hooks } from "./hooks.ts";
import { encodeWireTensor, snapshot, tensorBytes } from "./snapshot.ts";

/** An exception PyTorch would raise becomes the step's error; anything else is a defect of the port. */
function pyError(error: unknown): PyError {
  if (error instanceof TorchError) return { type: error.pyType, message: error.message };
  throw error;
}

/** A new tensor holding a copy of the bytes checkCase decoded (the step's own bytes stay as they are). */
const freshTensor = (raw: Buffer, wire: { dtype: Tensor["dtype"]; shape: number[] }): Tensor => Tensor.fromRaw(rawTensor(wire.dtype, wire.shape, raw));

/** m.<name>() for a method only some modules have (reset_running_stats, reset_parameters), as Python resolves it. */
function callMethod(m: Module, pyName: string, method: string): void {
  if (m.hasAttr(pyName) && !m._modules.has(pyName)) {
    const fn = (m as unknown as Record<string, unknown>)[method];
    if (typeof fn !== "function") throw new Error(`${m.className} lists ${pyName} but has no ${method}()`);
    (fn as () => void).call(m);
    return;
  }
  const child = m._modules.get(pyName);
  if (child === null) throw typeError("'NoneType' object is not callable");
  if (child === undefined) throw attributeError(`'${m.className}' object has no attribute '${pyName}'`);
  // m.<name>() finds the child module and calls it with no argument
  child.call();
}

/** The sd of a load_state_dict step, as the schema spells it out. */
function stateDictToLoad(i: number, step: LoadStateDictStep, stateDicts: Map<number, StateDict>, puts: Buffer[]): StateDict {
  let base: StateDict | null = null;
  if (step.from !== undefined) {
    base = stateDicts.get(step.from) ?? null;
    if (base === null) throw new Rejected("bad_reference", `load_state_dict from step ${step.from}, whose state_dict() raised`, pointer("case", "steps", i, "from"));
  }
  const sd = new StateDict(base ?? []); // the very tensors of the base, not copies
  // Stryker disable next-line ArrayDeclaration: equivalent: deleting a key the state dict lacks changes nothing
  for (const key of step.remove ?? []) sd.delete(key);
  (step.put ?? []).forEach(([key, wire], j) => sd.set(key, freshTensor(puts[j]!, wire)));
  const baseMetadata = base?.metadata ?? null;
  const version = step.version ?? "keep";
  if (version === "keep") sd.metadata = baseMetadata === null ? null : new Map(baseMetadata);
  else if (version === "none") sd.metadata = null;
  else sd.metadata = new Map([...(baseMetadata ?? new Map()).keys()].map((prefix) => [prefix, { version }]));
  return sd;
}

interface StepContext {
  root: Module;
  built: Map<string, Module>;
  checked: CheckedCase;
  stateDicts: Map<number, StateDict>;
  budget: TensorBudget;
  hooks: Hooks;
}

/** Does one step; returns its StepValue (undefined for steps that return None). */
function perform(i: number, step: Step, ctx: StepContext, loadSd: StateDict | null): StepValue | undefined {
  if (step.op === "manual_seed") {
    manualSeed(step.seed);
    return undefined;
  }
  if (isHookRegistration(step)) {
    ctx.hooks.register(i, step, "path" in step ? ctx.root.getSubmodule(step.path) : null);
    return undefined;
  }
  if (step.op === "remove_hook") {
    ctx.hooks.remove(step);
    return undefined;
  }
  const m = ctx.root.getSubmodule(step.path);
  switch (step.op) {
    case "train":
      return { returnsSelf: (step.mode === undefined ? m.train() : m.train(decodePy(step.mode))) === m };
    case "eval":
      return { returnsSelf: m.eval() === m };
    case "setattr":
      m.setAttr(step.name, decodePy(step.value));
      return undefined;
    case "forward": {
      const raw = ctx.checked.inputs.get(i)!;
      const x = freshTensor(raw, step.input);
      const out = m.call(x);
      return { output: encodeWireTensor(out, ctx.budget), sameObject: out === x, inputMutated: !tensorBytes(x).equals(raw) };
    }
    case "state_dict": {
      const sd = m.stateDict();
      ctx.stateDicts.set(i, sd);
      return {
        entries: [...sd].map(([key, t]) => [key, encodeWireTensor(t, ctx.budget)]),
        metadata: [...(sd.metadata ?? [])].map(([prefix, meta]) => [prefix, meta.version ?? null]),
      };
    }
    case "load_state_dict": {
      // Stryker disable next-line LogicalOperator: equivalent: loadStateDict's strict defaults to true, as PyTorch's does, so an absent strict means true either way
      const { missingKeys, unexpectedKeys } = m.loadStateDict(loadSd!, { strict: step.strict ?? true });
      return { missing: missingKeys, unexpected: unexpectedKeys };
    }
    case "reset_running_stats":
      callMethod(m, "reset_running_stats", "resetRunningStats");
      return undefined;
    case "reset_parameters":
      callMethod(m, "reset_parameters", "resetParameters");
      return undefined;
    case "add_module":
      m.addModule(step.name, ctx.built.get(step.node)!);
      return undefined;
  }
}

/** After a successful add_module: the added module must not now be its own descendant (the oracle's check_acyclic). */
function checkAcyclic(i: number, step: AddModuleStep, built: Map<string, Module>): void {
  const added = built.get(step.node)!;
  if (added.children().some((child) => child.modules().includes(added))) throw cycleRejected(i, step);
}

const warningsOf = (w: { category: string; message: string }[]): Warning[] => w.map(({ category, message }) => ({ category, message }));

export function runChecked(checked: CheckedCase, factories: FactoryLookup): Result {
  const kase = checked.case;
  const budget = new TensorBudget();
  manualSeed(0);
  const build = catchWarnings(() => buildTree(kase.nodes, checked.order, factories));
  const result: Result = { schema: 1, id: kase.id, build: { error: build.ok ? null : pyError(build.error), warnings: warningsOf(build.warnings) }, steps: [] };
  if (!build.ok) return result;
  const built = build.value;
  const root = built.get(kase.root)!;
  result.build.snapshot = snapshot(root, budget);
  const ctx: StepContext = { root, built, checked, stateDicts: new Map(), budget, hooks: new Hooks(root) };
  try {
    runSteps(ctx, result);
  } finally {
    ctx.hooks.removeAll();
  }
  return result;
}

function runSteps(ctx: StepContext, result: Result): void {
  const { root, built, checked, budget, hooks } = ctx;
  checked.case.steps.forEach((step, i) => {
    budget.where = pointer("case", "steps", i);
    const loadSd = step.op === "load_state_dict" ? stateDictToLoad(i, step, ctx.stateDicts, checked.puts.get(i)!) : null;
    hooks.armed = true;
    hooks.log = [];
    const done = catchWarnings(() => perform(i, step, ctx, loadSd));
    hooks.armed = false;
    if (step.op === "add_module" && done.ok) checkAcyclic(i, step, built);
    // the oracle's key order: error, warnings, value, hooks, snapshot
    const stepResult: Omit<StepResult, "snapshot"> = { error: done.ok ? null : pyError(done.error), warnings: warningsOf(done.warnings) };
    if (done.ok && done.value !== undefined) stepResult.value = done.value;
    if (hooks.log.length > 0) stepResult.hooks = hooks.log;
    result.steps.push({ ...stepResult, snapshot: snapshot(root, budget) });
  });
}
