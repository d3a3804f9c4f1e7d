// A live run's shrunk counterexample into the regression corpus, with PyTorch's answer and where it was found.
import type { Adapter } from "../adapters/adapter.ts";
import { formatDifference } from "../conformance/compare.ts";
import { writeRegression } from "../conformance/regressions.ts";
import type { LiveFailure } from "./live.ts";
import type { Verdict } from "./verdict.ts";

/** The first difference of a verdict in words, or its status and reason when it has none. */
export const firstDifference = (v: Verdict): string => (v.differences[0] ? formatDifference(v.differences[0]) : `${v.status}${v.reason ? `: ${v.reason}` : ""}`);

/** The file written, or null when the oracle gave no result to store (a generator or oracle defect: nothing to replay against). */
export async function saveFailure(dir: string, f: LiveFailure, oracle: Adapter, port: string): Promise<string | null> {
  if (f.shrunk.golden.status !== "ok") return null;
  return writeRegression(dir, {
    found: { date: new Date().toISOString(), seed: f.seed, path: f.path, port, difference: firstDifference(f.shrunk.verdict) },
    oracle: await oracle.describe(),
    tags: f.shrunk.verdict.tags,
    case: f.shrunk.case,
    golden: f.shrunk.golden.result,
  });
}
