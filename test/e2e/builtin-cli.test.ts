// `torch-conformance verify --impl builtin`: the built-in port, through the very interface third-party ports use,
// agrees with PyTorch on every generated case and the command writes all four report formats. The command runs from
// source (src/cli/main.ts); the built package's own command is pack-install.test.ts's.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/engine/report-model.ts";
import { oraclePython, ROOT, scratch } from "../verify/helpers.ts";

const verify = (...args: string[]) =>
  execa(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), "verify", ...args], { cwd: ROOT, env: { TORCH_CONFORMANCE_PYTHON: oraclePython() }, reject: false });

describe("verify --impl builtin", () => {
  it("passes 100% and writes JSON, JUnit, Markdown and HTML", async () => {
    const dir = scratch("builtin");
    const run = await verify("--impl", "builtin", "--runs", "300", "--reports", dir, "--quiet");
    expect(run.stderr).toBe("");
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^builtin: PASS: 300 passed, 0 failed \(300 generated cases, seed 1, bit-exact/m);
    const files = ["json", "junit.xml", "md", "html"].map((ext) => path.join(dir, `verify-builtin.${ext}`));
    for (const f of files) expect(existsSync(f), f).toBe(true);
    const report = JSON.parse(readFileSync(files[0]!, "utf8")) as Report;
    expect(report.totals).toMatchObject({ pass: 300, fail: 0, xfail: 0, unsupported: 0, "no-golden": 0, "timed-out": 0, crashed: 0 });
    expect(report.ok).toBe(true);
    expect(report.matrix).toEqual([]);
    expect(report.features.length).toBeGreaterThan(30);
    expect(report.features.every((r) => r.pass > 0 && r.fail === 0)).toBe(true);
    expect(report.golden.torch).toMatch(/^2\.13\.0/);
    const junit = readFileSync(files[1]!, "utf8");
    expect(junit).toMatch(/<testsuites name="torch-conformance \(builtin\)" tests="300" failures="0" errors="0" skipped="0"/);
    expect(readFileSync(files[2]!, "utf8")).toMatch(/\*\*PASS\*\*: 300 passed, 0 failed/);
    expect(readFileSync(files[3]!, "utf8")).toMatch(/<span class="verdict ok">PASS<\/span>/);
  });

  it("says what is wrong with bad options, exit code 2", async () => {
    const run = await verify("--impl", "builtin", "--profile", "kerras", "--runs", "1");
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/verify: unknown profile "kerras"; known: /);
  });
});
