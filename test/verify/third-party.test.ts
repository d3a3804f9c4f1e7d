// The js-pytorch and tfjs adapters against PyTorch: with their published settings every failure is one of the
// documented discrepancies (docs/ports/*.expectations.json), and single cases show each headline discrepancy the
// way the matrix reports it. Expected values are PyTorch's, from the oracle; the assertions are about where the
// port differs, never about numbers written here.
import { beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { jsPytorchAdapter } from "../../src/adapters/third-party/js-pytorch.ts";
import { tfjsAdapter } from "../../src/adapters/third-party/tfjs.ts";
import type { PortAdapter } from "../../src/adapters/third-party/unsupported.ts";
import { wireTensor, type Case, type Node, type Step } from "../../src/case/index.ts";
import { runVerifyCli } from "../../src/cli/verify.ts";
import { judge, toPortCase, type Verdict } from "../../src/verify/judge.ts";
import { KNOWN_PORTS } from "../../src/verify/known-ports.ts";
import { resolveProfiles } from "../../src/verify/profiles/index.ts";
import { sharedOracle } from "../oracle/helpers.ts";
import { portOptions, silent } from "./helpers.ts";

let oracle: Adapter;
beforeAll(async () => {
  oracle = await sharedOracle();
});

const single = (node: Node, steps: Step[]): Case => ({ schema: 1, id: "t", nodes: { n: node }, root: "n", steps });
const x = (shape: number[], values: number[]) => wireTensor("float32", shape, values);

async function verdictOf(port: PortAdapter, c: Case, profiles: string[], compare = {}): Promise<Verdict> {
  const ps = resolveProfiles(profiles);
  const [golden] = await oracle.runCases([c]);
  const portCase = toPortCase(c, ps);
  const [answer] = "status" in portCase ? [portCase] : await port.runCases([portCase]);
  return judge(c, golden!, answer!, ps, compare);
}

// A prefix of each published run (same seed): long enough that every documented discrepancy occurs in it, since
// the strict check fails an entry whose cases all pass.
const SAMPLE_RUNS: Record<string, number> = { "js-pytorch": 400, tfjs: 300 };

describe.each(KNOWN_PORTS)("$id with its published settings", (known) => {
  it("fails only where its expectations file says, each entry with a reason", async () => {
    const { report } = await runVerifyCli(portOptions(known, SAMPLE_RUNS[known.id]!), silent);
    const unexplained = report.cases.filter((c) => c.status === "fail").map((c) => `${c.id}: ${c.difference?.path}: ${c.difference?.note}`);
    expect(unexplained).toEqual([]);
    expect(report.totals.pass).toBeGreaterThan(50);
    expect(report.totals.xfail).toBeGreaterThan(10);
    expect(report.expectations.unexpectedPasses).toEqual([]);
  });
});

describe("js-pytorch discrepancies, one case each", () => {
  const port = jsPytorchAdapter();
  const profiles = ["non-python", "no-chaining"];

  it("Dropout(p=1) in training gives NaN where PyTorch gives zeros", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [1] }, [{ op: "forward", path: "", input: x([2, 2], [1, -2, 3, 4]) }]), profiles);
    expect(v).toMatchObject({ status: "fail", difference: { path: "steps[0].value.output[0]", note: "NaN vs number" } });
  });

  it("train(False) leaves the module training", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "train", path: "", mode: false }]), profiles);
    expect(v).toMatchObject({ status: "fail", difference: { path: 'steps[0].snapshot.modules[""].training' } });
  });

  it("train() returns undefined: without the no-chaining profile that is the first difference", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "eval", path: "" }]), ["non-python"]);
    expect(v).toMatchObject({ status: "fail", difference: { path: "steps[0].value.returnsSelf" } });
  });

  it("eval-mode Dropout passes its input through as PyTorch does", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "eval", path: "" }, { op: "forward", path: "", input: x([3], [1.5, -0, 7]) }]), profiles);
    expect(v).toEqual({ status: "pass" });
  });

  it("hooks are unsupported, not a crash", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "register_forward_hook", path: "", hook: { name: "h", does: "record" } }, { op: "eval", path: "" }]), profiles);
    expect(v).toMatchObject({ status: "unsupported", feature: "hooks" });
  });

  it("BatchNorm is unsupported, not a crash", async () => {
    const v = await verdictOf(port, single({ type: "BatchNorm1d", args: [2] }, []), profiles);
    expect(v).toMatchObject({ status: "unsupported", feature: "BatchNorm1d" });
  });
});

describe("tfjs discrepancies, one case each", () => {
  const port = tfjsAdapter();
  const keras = ["keras", "non-python", "immutable-tensors"];
  const close = { mode: "ulp" as const, maxUlps: { float32: 64, float64: 64 }, atol: 1e-6 };
  const batch = x([4, 2], [0.5, 1, 2, -1, 3.25, 0, -2, 4]);

  it("BatchNorm1d in training then eval matches PyTorch within 64 ULP under the keras profile", async () => {
    const c = single({ type: "BatchNorm1d", args: [2] }, [{ op: "forward", path: "", input: batch }, { op: "eval", path: "" }, { op: "forward", path: "", input: batch }]);
    expect(await verdictOf(port, c, keras, close)).toEqual({ status: "pass" });
  });

  it("without the keras profile the same case is flagged at the first running statistic", async () => {
    const c = single({ type: "BatchNorm1d", args: [2] }, [{ op: "forward", path: "", input: batch }]);
    const v = await verdictOf(port, c, ["non-python", "immutable-tensors", "no-batch-counter"], close);
    expect(v).toMatchObject({ status: "fail", difference: { path: expect.stringMatching(/^steps\[0\]\.(value\.output|snapshot\.buffers\["running_mean"\])/) } });
  });

  it("BatchNorm with affine=False crashes in training", async () => {
    const c = single({ type: "BatchNorm1d", args: [2], kwargs: { affine: false } }, [{ op: "forward", path: "", input: batch }]);
    expect(await verdictOf(port, c, keras, close)).toMatchObject({ status: "fail", difference: { path: "steps[0].error", port: expect.stringContaining("raised") } });
  });

  it("Dropout with rate 1 returns its input", async () => {
    const c = single({ type: "Dropout", args: [1] }, [{ op: "forward", path: "", input: batch }]);
    expect(await verdictOf(port, c, keras, close)).toMatchObject({ status: "fail", difference: { path: "steps[0].value.output[0]" } });
  });

  it("hooks, global ones included, are unsupported", async () => {
    const c = single({ type: "Dropout", args: [0.5] }, [{ op: "register_module_forward_pre_hook", hook: { name: "g", does: "scale", factor: 2 } }, { op: "forward", path: "", input: batch }]);
    expect(await verdictOf(port, c, keras)).toMatchObject({ status: "unsupported", feature: "hooks" });
  });

  it("BatchNorm3d and float64 are unsupported", async () => {
    expect(await verdictOf(port, single({ type: "BatchNorm3d", args: [2] }, []), keras)).toMatchObject({ status: "unsupported", feature: "BatchNorm3d" });
    expect(await verdictOf(port, single({ type: "BatchNorm1d", args: [2], dtype: "float64" }, []), keras)).toMatchObject({ status: "unsupported", feature: "float64" });
  });
});
