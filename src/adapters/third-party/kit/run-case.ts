// One case on a ModulePort, as the schema describes a run: checks, seed 0, build (children before parents), then
// every step with its error, value and snapshot. Unsupported anywhere makes the whole case unsupported.
import type { Case, PyError, Result, Step, StepResult, StepValue } from "../../../case/index.ts";
import { decodePy, decodeTensor, encodeTensor, isHookRegistration } from "../../../case/index.ts";
import { checkCase, type CheckedCase, cycleRejected, Rejected } from "../../../case/check.ts";
import type { Outcome } from "../../adapter.ts";
import { Unsupported } from "../unsupported.ts";
import type { ModulePort } from "./module-port.ts";
import { getSubmodule, insideItself, snapshot } from "./tree.ts";

function defaultErrorOf(e: unknown): PyError {
  if (e instanceof Error) return { type: e.name, message: e.message };
  return { type: "Error", message: String(e) };
}

function errorOf<M extends object>(port: ModulePort<M>, e: unknown): PyError {
  // neither is the step's error: the port cannot run the case, or the case is malformed
  if (e instanceof Unsupported || e instanceof Rejected) throw e;
  return (port.errorOf ?? defaultErrorOf)(e);
}

function need<T>(fn: T | undefined, feature: string, what: string): T {
  if (fn === undefined) throw new Unsupported(feature, `the port has no ${what}`);
  return fn;
}

function perform<M extends object>(port: ModulePort<M>, root: M, built: Map<string, M>, checked: CheckedCase, i: number, step: Step): StepValue | undefined {
  if (step.op === "manual_seed") {
    port.seed(step.seed);
    return undefined;
  }
  if (isHookRegistration(step) || step.op === "remove_hook") throw new Unsupported("hooks", "module hooks are not mapped for this port");
  const m = getSubmodule(port, root, step.path);
  switch (step.op) {
    case "train":
      return { returnsSelf: port.train(m, step.mode === undefined ? undefined : decodePy(step.mode)) === m };
    case "eval":
      return { returnsSelf: port.eval(m) === m };
    case "setattr":
      port.setAttr(m, step.name, decodePy(step.value));
      return undefined;
    case "forward": {
      const raw = checked.inputs.get(i)!;
      const input = decodeTensor({ ...step.input, data: raw.toString("base64") });
      const r = port.forward(m, input);
      return { output: encodeTensor(r.output), sameObject: r.sameObject, inputMutated: r.inputMutated };
    }
    case "state_dict":
    case "load_state_dict":
      throw new Unsupported("state_dict", "state_dict()/load_state_dict() are not mapped for this port");
    case "reset_running_stats":
      need(port.resetRunningStats, "reset_running_stats", "reset_running_stats()").call(port, m);
      return undefined;
    case "reset_parameters":
      need(port.resetParameters, "reset_parameters", "reset_parameters()").call(port, m);
      return undefined;
    case "add_module": {
      const added = built.get(step.node)!;
      port.addChild(m, step.name, added);
      if (insideItself(port, added)) throw cycleRejected(i, step);
      return undefined;
    }
  }
}

function runChecked<M extends object>(port: ModulePort<M>, checked: CheckedCase): Result {
  const kase = checked.case;
  const result: Result = { schema: 1, id: kase.id, build: { error: null, warnings: [] }, steps: [] };
  port.seed(0);
  const built = new Map<string, M>();
  try {
    for (const nid of checked.order) {
      const node = kase.nodes[nid]!;
      const m = port.create(node);
      for (const [name, child] of node.children ?? []) port.addChild(m, name, built.get(child)!);
      built.set(nid, m);
    }
  } catch (e) {
    result.build.error = errorOf(port, e);
    return result;
  }
  const root = built.get(kase.root)!;
  result.build.snapshot = snapshot(port, root);
  kase.steps.forEach((step, i) => {
    let value: StepValue | undefined;
    let error: PyError | null = null;
    try {
      value = perform(port, root, built, checked, i, step);
    } catch (e) {
      error = errorOf(port, e);
    }
    const snap = snapshot(port, root);
    const entry: StepResult = error === null && value !== undefined ? { error, warnings: [], value, snapshot: snap } : { error, warnings: [], snapshot: snap };
    result.steps.push(entry);
  });
  return result;
}

/** Never throws: a defect of the port's adapter code (a non-Error throw inside the kit) becomes an "internal" rejection. */
export function runCaseOnPort<M extends object>(port: ModulePort<M>, kase: Case): Outcome {
  const id = typeof kase?.id === "string" ? kase.id : "";
  try {
    const checked = checkCase(kase);
    const run = () => runChecked(port, checked);
    return { id, status: "ok", result: port.around ? port.around(run) : run() };
  } catch (e) {
    if (e instanceof Unsupported) return { id, status: "unsupported", feature: e.feature, reason: e.message };
    if (e instanceof Rejected) return { id, status: "rejected", code: e.code, message: e.message, where: e.where };
    return { id, status: "rejected", code: "internal", message: `adapter error: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500), where: "" };
  }
}
