// The js-pytorch and tfjs adapters against PyTorch: with their published settings every failure is one of the
// documented discrepancies (docs/ports/*.expectations.json), and single cases show each headline discrepancy the
// way the matrix reports it. Expected values are PyTorch's, from the oracle; the assertions are about where the
// port differs, never about numbers written here.
import { describe, expect, it } from "vitest";
import { jsPytorchAdapter } from "../../src/adapters/third-party/js-pytorch.ts";
import { tfjsAdapter } from "../../src/adapters/third-party/tfjs.ts";
import { resolvePolicy } from "../../src/conformance/policy.ts";
import { loadGolden } from "../../src/corpus/load.ts";
import { rejectionCases } from "../../src/specs/rejections.ts";
import { KNOWN_PORTS } from "../../src/verify/known-ports.ts";
import { portOptions, runVerify, single, verdictOf, x } from "./helpers.ts";

// tinygrad (a Python subprocess needing clang and its own venv) has its own test, test/verify/tinygrad.test.ts.
describe.each(KNOWN_PORTS.filter((p) => p.id !== "tinygrad"))("$id with its published settings", (known) => {
  it("fails only where its expectations file says, each entry with a reason", async () => {
    const { report } = await runVerify(portOptions(known, known.runs));
    const unexplained = report.cases.filter((c) => c.status === "fail").flatMap((c) => c.differences.filter((d) => d.expected === undefined).map((d) => `${c.id}: ${d.path}: ${d.note}`));
    expect(unexplained).toEqual([]);
    expect(report.totals.pass).toBeGreaterThan(50);
    expect(report.totals.xfail).toBeGreaterThan(10);
    expect(report.expectations.unexpectedPasses).toEqual([]);
  });
});

/** The differences that follow from no other, by path: each case below differs exactly there. */
const rootDifferences = <D extends { consequenceOf?: string }>(v: { differences: D[] }) => v.differences.filter((d) => d.consequenceOf === undefined);
const roots = (v: { differences: { path: string; consequenceOf?: string }[] }) => rootDifferences(v).map((d) => d.path);

describe("js-pytorch discrepancies, one case each", () => {
  const port = jsPytorchAdapter();
  const profiles = ["non-python", "no-chaining"];

  it("Dropout(p=1) in training gives NaN where PyTorch gives zeros", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [1] }, [{ op: "forward", path: "", input: x([2, 2], [1, -2, 3, 4]) }]), profiles);
    expect(v.status).toBe("fail");
    expect(roots(v)).toEqual(["steps[0].value.output"]);
    expect(rootDifferences(v)[0]!.note).toContain("NaN vs number");
  });

  it("train(False) leaves the module training", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "train", path: "", mode: false }]), profiles);
    expect(v.status).toBe("fail");
    expect(roots(v)).toEqual(['steps[0].snapshot.modules[""].training']);
  });

  it("train() returns undefined: without the no-chaining profile that is the first difference", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "eval", path: "" }]), ["non-python"]);
    expect(v.status).toBe("fail");
    expect(roots(v)).toEqual(["steps[0].value.returnsSelf"]);
  });

  it("eval-mode Dropout passes its input through as PyTorch does", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "eval", path: "" }, { op: "forward", path: "", input: x([3], [1.5, -0, 7]) }]), profiles);
    expect(v).toMatchObject({ status: "pass", differences: [] });
  });

  it("hooks are unsupported, not a crash", async () => {
    const v = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "register_forward_hook", path: "", hook: { name: "h", does: "record" } }, { op: "eval", path: "" }]), profiles);
    expect(v).toMatchObject({ status: "unsupported", feature: "hooks" });
  });

  it("an add_module that makes the tree a cycle is the malformed case the oracle rejects, not a crash of the kit", async () => {
    const kase = rejectionCases.find((c) => c.id === "tree/add-module-itself")!;
    const stored = (await loadGolden()).records.find((r) => r.record.case.id === `rejections/${kase.id}`)!.record.golden;
    const [out] = await port.runCases([kase]);
    expect(stored.status).toBe("rejected");
    expect(out).toEqual({ ...stored, id: kase.id });
  });

  it("BatchNorm is unsupported, not a crash", async () => {
    const v = await verdictOf(port, single({ type: "BatchNorm1d", args: [2] }, []), profiles);
    expect(v).toMatchObject({ status: "unsupported", feature: "BatchNorm1d" });
  });
});

describe("tfjs discrepancies, one case each", () => {
  const port = tfjsAdapter();
  const keras = ["keras", "non-python", "immutable-tensors"];
  const tfjs = KNOWN_PORTS.find((p) => p.id === "tfjs")!;
  const close = resolvePolicy({ ulps: { float32: tfjs.ulps!, float64: tfjs.ulps! }, atol: { float32: tfjs.atol!, float64: tfjs.atol! } });
  const batch = x([4, 2], [0.5, 1, 2, -1, 3.25, 0, -2, 4]);

  it("BatchNorm1d in training then eval matches PyTorch within 64 ULP under the keras profile", async () => {
    const c = single({ type: "BatchNorm1d", args: [2] }, [{ op: "forward", path: "", input: batch }, { op: "eval", path: "" }, { op: "forward", path: "", input: batch }]);
    expect(await verdictOf(port, c, keras, close)).toMatchObject({ status: "pass", differences: [] });
  });

  it("without the keras profile the same case is flagged at the first running statistic", async () => {
    const c = single({ type: "BatchNorm1d", args: [2] }, [{ op: "forward", path: "", input: batch }]);
    const v = await verdictOf(port, c, ["non-python", "immutable-tensors", "no-batch-counter"], close);
    expect(v.status).toBe("fail");
    expect(roots(v)).toEqual(["steps[0].value.output", 'steps[0].snapshot.buffers["running_mean"]', 'steps[0].snapshot.buffers["running_var"]']);
  });

  it("BatchNorm with affine=False crashes in training", async () => {
    const c = single({ type: "BatchNorm1d", args: [2], kwargs: { affine: false } }, [{ op: "forward", path: "", input: batch }]);
    const v = await verdictOf(port, c, keras, close);
    expect(v.status).toBe("fail");
    expect(roots(v)).toEqual(["steps[0].error"]);
    expect(rootDifferences(v)[0]!.port).toContain("raised");
  });

  it("Dropout with rate 1 returns its input", async () => {
    const c = single({ type: "Dropout", args: [1] }, [{ op: "forward", path: "", input: batch }]);
    const v = await verdictOf(port, c, keras, close);
    expect(v.status).toBe("fail");
    expect(roots(v)).toEqual(["steps[0].value.output"]);
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
