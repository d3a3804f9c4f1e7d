// An adapter that remembers its answers per case: the same case (ids aside) is answered once. The bug catalogue
// runs many planted variants of the port against one seed, so the oracle answers each generated case once and every
// variant is judged against those very answers. Only answers are kept (a lost or timed-out case is retried).
import { isAnswer, type Adapter, type Outcome } from "../adapters/adapter.ts";
import type { Case } from "../case/index.ts";

/** The key of a case: its JSON without the id (ids are per run and do not change what a case does). */
export const caseKey = (c: Case): string => JSON.stringify({ ...c, id: "" });

function restamp(o: Outcome, id: string): Outcome {
  return o.status === "ok" ? { ...o, id, result: { ...o.result, id } } : { ...o, id };
}

export function cachedAdapter(base: Adapter): Adapter {
  const answers = new Map<string, Outcome>();
  return {
    name: base.name,
    describe: () => base.describe(),
    async runCases(cases) {
      const keys = cases.map(caseKey);
      const out: Outcome[] = [];
      const missing: number[] = [];
      cases.forEach((c, i) => {
        const hit = answers.get(keys[i]!);
        if (hit === undefined) missing.push(i);
        else out[i] = restamp(hit, c.id);
      });
      if (missing.length > 0) {
        const fresh = await base.runCases(missing.map((i) => cases[i]!));
        missing.forEach((i, j) => {
          out[i] = fresh[j]!;
          if (isAnswer(fresh[j]!)) answers.set(keys[i]!, fresh[j]!);
        });
      }
      return out;
    },
    close: () => base.close(),
  };
}
