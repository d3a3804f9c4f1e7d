// PyTorch alone on a list of cases: the oracle's builds and steps in one Python process, with no recording and no
// pipe (scripts/bench_pytorch_alone.py), so that oracle ÷ PyTorch alone is the oracle's own overhead.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Case } from "../../src/case/index.ts";
import { REPO_ROOT, resolveOraclePython } from "../../src/oracle/index.ts";

export interface AloneRun {
  casesPerSecond: number;
  /** The Python process's CPU time (user and system) over the timed cases. */
  cpuSeconds: number;
}

export function pytorchAlone(cases: Case[], warmup: number): AloneRun {
  const { python } = resolveOraclePython();
  const script = path.join(REPO_ROOT, "scripts", "bench_pytorch_alone.py");
  const requests = cases.map((c) => JSON.stringify({ type: "run", id: c.id, case: c })).join("\n") + "\n";
  const stdout = execFileSync(python, [script, String(warmup)], {
    input: requests,
    env: { ...process.env, ATEN_CPU_CAPABILITY: "default", OMP_NUM_THREADS: "1" },
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
    maxBuffer: 1 << 20,
  });
  const out = JSON.parse(stdout) as { cases: number; seconds: number; cpuSeconds: number };
  if (out.cases !== cases.length) throw new Error(`bench_pytorch_alone.py ran ${out.cases} cases of ${cases.length}`);
  return { casesPerSecond: out.cases / out.seconds, cpuSeconds: out.cpuSeconds };
}
