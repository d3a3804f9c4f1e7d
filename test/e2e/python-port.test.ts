// A Python port through the worker protocol (examples/python-port/torch_port.py, a thin wrapper over torch that
// shares no code with the oracle) scores 100%; the same port under a convention it does not follow fails, so the
// subprocess path does see differences.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runVerifyCli } from "../../src/cli/verify.ts";
import { cliOptions, oraclePython, ROOT, silent } from "../verify/helpers.ts";

const impl = () => `${oraclePython()} ${path.join(ROOT, "examples", "python-port", "torch_port.py")}`;

describe("Python port through the subprocess protocol", () => {
  it("scores 100% on every generated case it supports, and says it maps no hooks", async () => {
    const { report, exitCode } = await runVerifyCli(cliOptions({ impl: impl(), runs: 400, json: true }), silent);
    expect(report.port.implementation).toBe("examples/python-port (torch wrapper)");
    const { pass, unsupported, ...rest } = report.totals;
    expect(rest).toMatchObject({ fail: 0, xfail: 0, "no-golden": 0, "timed-out": 0, crashed: 0, "protocol-error": 0, lost: 0 });
    expect(pass + unsupported).toBe(400);
    // exactly the cases with a hook step are unsupported, each for that reason
    const hooked = report.cases.filter((c) => c.tags.some((t) => /^op\.(register_|remove_hook$)/.test(t)));
    expect(report.cases.filter((c) => c.status === "unsupported").map((c) => c.id)).toEqual(hooked.map((c) => c.id));
    expect(report.cases.filter((c) => c.status === "unsupported").every((c) => c.feature === "hooks")).toBe(true);
    expect(unsupported).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
  });

  it("reports a case with a hook step as unsupported (feature hooks), not as a failure", async () => {
    const { report } = await runVerifyCli(cliOptions({ impl: impl(), runs: 60, features: ["op.register_forward_hook"], json: true }), silent);
    expect(report.totals.fail).toBe(0);
    expect(report.totals.unsupported).toBe(report.cases.length);
    expect(report.cases.every((c) => c.feature === "hooks")).toBe(true);
    expect(report.totals.pass).toBe(0);
  });

  it("fails when given Keras momenta it does not expect (the differences get through the protocol)", async () => {
    const { report, exitCode } = await runVerifyCli(cliOptions({ impl: impl(), runs: 60, profile: ["keras-momentum"], features: ["module.BatchNorm?d", "op.forward", "!bn.momentum-none"], json: true }), silent);
    expect(report.totals.fail).toBeGreaterThan(0);
    const cx = report.matrix.find((r) => r.counterexample !== undefined)?.counterexample;
    expect(cx?.differences.map((d) => d.path).join(" ")).toMatch(/running_mean|running_var|output/);
    expect(exitCode).toBe(1);
  });
});
