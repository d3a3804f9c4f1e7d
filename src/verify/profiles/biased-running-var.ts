// Ports that update the running variance with the biased batch variance (Keras; torch uses the unbiased one).
// No case rewrite can make torch do that, so the values it changes are left out of the comparison: the running
// variance itself, and what reads it afterwards (forwards through a BatchNorm in eval mode).
import type { Result, Snapshot } from "../../case/index.ts";
import { blankNamed, named } from "./masks.ts";
import { mapSnapshots, mapValues, MASKED, type Profile } from "./profile.ts";

const runningVar = named(["running_var"]);

const varBits = (s: Snapshot | undefined) => JSON.stringify((s?.buffers ?? []).filter(([k]) => runningVar(k)));

/** Forward steps that read a running variance PyTorch had updated from a batch by then. */
function readsUpdatedVar(c: { steps: { op: string; path?: string }[] }, golden: Result): Set<number> {
  const out = new Set<number>();
  let updated = false;
  let before = golden.build.snapshot;
  golden.steps.forEach((r, i) => {
    const step = c.steps[i]!;
    if (step.op === "forward" && updated && before !== undefined) {
      const path = step.path ?? "";
      const evalBn = before.modules.some(([name, cls, training]) => /BatchNorm/.test(cls) && training !== true && (path === "" || name === path || name.startsWith(`${path}.`)));
      if (evalBn) out.add(i);
    }
    if (step.op === "forward" && varBits(before) !== varBits(r.snapshot)) updated = true;
    before = r.snapshot;
  });
  return out;
}

export const biasedRunningVar: Profile = {
  id: "biased-running-var",
  summary: "the port updates running_var with the biased batch variance (divides by n, torch by n - 1)",
  rules: [
    "running_var values are not compared (their dtype and shape are), in snapshots and state_dict entries",
    "once a forward has changed a running_var in PyTorch, the outputs of later forwards through a BatchNorm in eval mode are not compared (dtype and shape are)",
  ],
  mask(r, c, golden) {
    const skip = readsUpdatedVar(c, golden);
    const out = mapSnapshots(r, (s) => ({ ...s, buffers: blankNamed(s.buffers, runningVar) }));
    return mapValues(out, (v, i) => {
      const next = v.entries ? { ...v, entries: blankNamed(v.entries, runningVar) } : v;
      return skip.has(i) && next.output ? { ...next, output: { ...next.output, data: MASKED } } : next;
    });
  },
};
