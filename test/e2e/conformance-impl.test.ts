// `conformance --impl <port>` replays the committed corpus on any port with no oracle: the oracle's Python is made
// unavailable (TORCH_CONFORMANCE_PYTHON points nowhere), and the Python example port (a subprocess wrapping torch)
// and js-pytorch are judged against the goldens stored in the corpus. The example port must pass every stored
// case it runs; js-pytorch is judged (its differences attributed to causes, its documented ones expected) without
// one case lacking a PyTorch answer.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/corpus/paths.ts";
import type { Report } from "../../src/engine/report-model.ts";
import { oraclePython } from "../verify/helpers.ts";
import { tempRoot } from "../corpus/helpers.ts";

const CLI = path.join(REPO_ROOT, "src", "cli", "main.ts");

async function conformanceWithoutOracle(args: string[]): Promise<{ status: number | null; stdout: string; report: Report }> {
  const tmp = await tempRoot();
  try {
    const reports = path.join(tmp.root, "reports");
    const r = spawnSync(process.execPath, ["--import", "tsx", CLI, "conformance", "--quiet", "--reports", reports, "--json", path.join(reports, "r.json"), ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0", TORCH_CONFORMANCE_PYTHON: path.join(tmp.root, "no-python-here"), TORCH_CONFORMANCE_VENV: path.join(tmp.root, "no-venv") },
    });
    expect(r.stderr).not.toMatch(/provision/i);
    const report = JSON.parse(await readFile(path.join(reports, "r.json"), "utf8")) as Report;
    return { status: r.status, stdout: r.stdout, report };
  } finally {
    await tmp.remove();
  }
}

describe("conformance --impl replays the corpus with no oracle", () => {
  it("the Python example port (through the worker protocol) passes every stored case it supports (all but hooks)", { timeout: 300_000 }, async () => {
    const impl = `${oraclePython()} ${path.join(REPO_ROOT, "examples", "python-port", "torch_port.py")}`;
    const { status, stdout, report } = await conformanceWithoutOracle(["--impl", impl, "--shard", "1/4"]);
    expect(stdout).toMatch(/live run: SKIPPED: the oracle is not available \(the oracle python .*no-python-here \(TORCH_CONFORMANCE_PYTHON\) does not exist\)/);
    expect(report.golden).toEqual({ source: "stored" });
    expect(report.port.implementation).toBe("examples/python-port (torch wrapper)");
    expect(report.cases.length).toBeGreaterThan(1000);
    // the kit runs no module hooks: those cases, and only those, are unsupported (not failed)
    const hooks = (c: Report["cases"][number]) => c.status === "unsupported" && c.feature === "hooks";
    expect(report.cases.filter((c) => c.status !== "pass" && !hooks(c)).map((c) => `${c.id}: ${c.status}`)).toEqual([]);
    expect(report.cases.filter(hooks).length).toBeGreaterThan(0);
    expect(stdout).toMatch(/^PASS: \d+ passed, 0 failed, \d+ unsupported; port examples\/python-port/m);
    expect(status).toBe(0);
  });

  it("js-pytorch is judged on the stored cases, every difference attributed to a cause", { timeout: 300_000 }, async () => {
    const { status, stdout, report } = await conformanceWithoutOracle(["--impl", "js-pytorch", "--profile", "non-python,no-chaining", "--expectations", path.join(REPO_ROOT, "docs", "ports", "js-pytorch.expectations.json"), "--shard", "1/4", "--max-counterexamples", "0"]);
    expect(stdout).toMatch(/live run: SKIPPED: the oracle is not available/);
    expect(report.golden).toEqual({ source: "stored" });
    expect(report.totals["no-golden"]).toBe(0);
    expect(report.totals.pass).toBeGreaterThan(20);
    // js-pytorch declares its capabilities: stored cases outside them are not applicable, the rest may be unsupported
    expect(report.totals["not-applicable"]).toBeGreaterThan(100);
    expect(report.port.capabilities?.modules).toContain("Dropout");
    expect(report.totals.xfail).toBeGreaterThan(0);
    // every difference carries its cause, and the matrix counts the differences that follow from no other by cause
    const diffs = report.cases.flatMap((c) => c.differences);
    expect(diffs.every((d) => d.cause !== "")).toBe(true);
    expect(report.matrix.reduce((n, r) => n + r.fail + r.closer + r.xfail, 0)).toBe(diffs.filter((d) => d.consequenceOf === undefined).length);
    // the expectations file explains every difference js-pytorch has on these cases, so the gate passes
    expect(report.totals.fail).toBe(0);
    expect(status).toBe(0);
  });
});
