// A port that hangs, dies, writes junk or answers out of order: its cases get a named status and a one-line reason,
// never "fail"; the run goes on with the next batch, and the cases it did answer stay judged. The port is the
// scripted stub worker (it answers every case with an empty result, so an answered case differs from PyTorch's
// stored golden); the goldens are the committed corpus's. That `conformance --timeout` reaches such a port is
// test/e2e/conformance-cli.test.ts's (a CLI round trip).
import { beforeAll, describe, expect, it } from "vitest";
import { BIT_EXACT } from "../../src/engine/judge.ts";
import { runEngine } from "../../src/engine/run.ts";
import { type CorpusItem, loadReplayCorpus } from "../../src/corpus/corpus.ts";
import { subprocessAdapter } from "../../src/verify/impl.ts";
import { python3, STUB } from "../oracle/helpers.ts";

let items: CorpusItem[];
beforeAll(async () => {
  items = (await loadReplayCorpus()).items.slice(0, 8);
});

async function judgedBy(args: string[]) {
  const port = await subprocessAdapter(`${python3()} ${STUB} ${args.join(" ")}`, undefined, { batchTimeoutMs: 1500 });
  try {
    // batches of 4: the worker misbehaves in each batch, and the next batch still runs
    return (await runEngine(items, { port, settings: BIT_EXACT, batchSize: 4 })).verdicts;
  } finally {
    await port.close();
  }
}

const statuses = (vs: { status: string }[]) => vs.map((v) => v.status);

describe("port lifecycle statuses", () => {
  it("a port that hangs: the cases in flight are timed out, the answered ones judged, every batch run", { timeout: 60_000 }, async () => {
    const vs = await judgedBy(["--hang-after", "3"]);
    expect(statuses(vs)).toEqual(["fail", "fail", "fail", "timed-out", "fail", "fail", "fail", "timed-out"]);
    expect(vs[3]!.reason).toBe("timeout after 1500 ms");
  });

  it("a port that dies: crashed, with the exit and the worker's last words", { timeout: 60_000 }, async () => {
    const vs = await judgedBy(["--crash-after", "2"]);
    expect(statuses(vs)).toEqual(["fail", "fail", "crashed", "crashed", "fail", "fail", "crashed", "crashed"]);
    expect(vs[2]!.reason).toMatch(/^worker exited with code 7.*stub: crashing at answer 2/s);
  });

  it("a port that writes junk or answers out of order: protocol-error, and the run goes on", { timeout: 60_000 }, async () => {
    for (const flag of ["--junk-at", "--wrong-id-at"]) {
      const vs = await judgedBy([flag, "1"]);
      expect(statuses(vs).slice(0, 2), flag).toEqual(["fail", "protocol-error"]);
      expect(vs[1]!.reason, flag).toMatch(/^protocol error: /);
      expect(vs.slice(4).some((v) => v.status === "fail"), `${flag}: the next batch still runs`).toBe(true);
    }
  });
});
