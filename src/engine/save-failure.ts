// A live run's shrunk counterexample into the regression corpus, with PyTorch's answer and where it was found.
import type { Adapter } from "../adapters/adapter.ts";
import { writeRegression } from "../conformance/regressions.ts";
import { kindInWords } from "./failure-kind.ts";
import type { LiveFailure } from "./live.ts";

/** The file written, or null when the oracle gave no result to store (a generator or oracle defect: nothing to replay against). */
export async function saveFailure(dir: string, f: LiveFailure, oracle: Adapter, port: string): Promise<string | null> {
  if (f.shrunk.golden.status !== "ok") return null;
  return writeRegression(dir, {
    found: { date: new Date().toISOString(), seed: f.seed, path: f.path, port, difference: kindInWords(f.shrunk.verdict, f.shrunk.golden, f.kind) },
    oracle: await oracle.describe(),
    tags: f.shrunk.verdict.tags,
    case: f.shrunk.case,
    golden: f.shrunk.golden.result,
  });
}
