// PyTorch alone on a list of cases: the oracle's builds and steps in one Python process, with no recording and no
// pipe (scripts/bench_pytorch_alone.py), so that oracle ÷ PyTorch alone is the oracle's own overhead. The process
// stays up between timed runs, so the bench can take turns with the oracle.
import path from "node:path";
import { createInterface } from "node:readline";
import { execa, type ResultPromise } from "execa";
import type { Case } from "../../src/case/index.ts";
import { REPO_ROOT, resolveOraclePython } from "../../src/oracle/index.ts";

export interface AloneRun {
  casesPerSecond: number;
  /** The Python process's CPU time (user and system) over the timed cases. */
  cpuSeconds: number;
}

export class PytorchAlone {
  private readonly lines: AsyncIterator<string>;

  private constructor(
    private readonly child: ResultPromise,
    private readonly count: number,
  ) {
    this.lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  }

  /** Starts the process with the cases; it decodes them and runs each once, untimed, before this resolves. */
  static async start(cases: Case[]): Promise<PytorchAlone> {
    const { python } = resolveOraclePython();
    const script = path.join(REPO_ROOT, "scripts", "bench_pytorch_alone.py");
    const child = execa(python, [script, String(cases.length)], {
      env: { ATEN_CPU_CAPABILITY: "default", OMP_NUM_THREADS: "1" },
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
      buffer: false,
    });
    child.stdin!.write(cases.map((c) => JSON.stringify({ type: "run", id: c.id, case: c })).join("\n") + "\n");
    const alone = new PytorchAlone(child, cases.length);
    await alone.nextLine();
    return alone;
  }

  /** One timed run of all the cases. */
  async run(): Promise<AloneRun> {
    this.child.stdin!.write("run\n");
    const out = (await this.nextLine()) as { cases: number; seconds: number; cpuSeconds: number };
    if (out.cases !== this.count) throw new Error(`bench_pytorch_alone.py ran ${out.cases} cases of ${this.count}`);
    return { casesPerSecond: out.cases / out.seconds, cpuSeconds: out.cpuSeconds };
  }

  private async nextLine(): Promise<unknown> {
    const next = await this.lines.next();
    if (next.done) {
      const ended = await this.child.catch((e: Error) => e);
      throw new Error(`bench_pytorch_alone.py ended early: ${ended instanceof Error ? ended.message.slice(0, 500) : `exit code ${ended.exitCode}`}`);
    }
    return JSON.parse(next.value);
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
    await this.child;
  }
}
