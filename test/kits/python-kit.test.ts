// The Python kit (python/torch_conformance_port.py): a port that maps only some module types answers the rest as
// unsupported (a missing `modules` entry raises the kit's Unsupported), and what it maps agrees with PyTorch.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { cliOptions, oraclePython, ROOT, runVerify } from "../verify/helpers.ts";

const tmp = mkdtempSync(path.join(tmpdir(), "torch-conformance-python-kit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A port file: the kit's Port subclassed with `body` (class lines), over torch in the reference configuration. */
function writePort(file: string, body: string[]): string {
  const port = path.join(tmp, file);
  const head = [
    "import os, sys",
    "os.environ['ATEN_CPU_CAPABILITY'] = 'default'  # the reference configuration, before torch is imported",
    `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, "python"))})`,
    "from torch_conformance_port import Port, serve",
    "import torch",
    "from torch import nn",
    "torch.set_num_threads(1)",
    "class ThePort(Port):",
  ];
  writeFileSync(port, [...head, ...body.map((l) => `    ${l}`), "serve(ThePort())"].join("\n"));
  return port;
}

it("a port without RReLU: RReLU cases are unsupported, the others pass", async () => {
  const port = writePort("partial_port.py", ["implementation = 'partial torch port'", "modules = {n: getattr(nn, n) for n in ('Sequential', 'Dropout', 'BatchNorm1d', 'BatchNorm2d')}"]);
  const features = ["module.Dropout,module.BatchNorm1d,module.BatchNorm2d,module.RReLU", "!module.Lazy*,module.Instance*,module.*Alpha*,module.Dropout?d,module.BatchNorm3d,module.Module*,module.Identity,module.Chain,module.FrozenBN"];
  const { report } = await runVerify(cliOptions({ impl: `${oraclePython()} ${port}`, runs: 150, features, json: true }));
  expect(report.port.implementation).toBe("partial torch port");
  const { pass, unsupported, ...rest } = report.totals;
  expect(rest).toMatchObject({ fail: 0, closer: 0, xfail: 0, "no-golden": 0, "timed-out": 0, crashed: 0, "protocol-error": 0, lost: 0, error: 0 });
  expect(pass).toBeGreaterThan(0);
  // the unsupported cases are exactly those with an RReLU (the module it lacks) or a hook (which the kit never runs)
  const unsupportedCases = report.cases.filter((c) => c.status === "unsupported");
  expect(unsupportedCases.length).toBe(unsupported);
  expect(unsupportedCases.every((c) => c.feature === "hooks" || c.feature === "RReLU")).toBe(true);
  expect(unsupportedCases.some((c) => c.feature === "RReLU")).toBe(true);
});

it("a port that declares its capabilities (and names no torch build): generated cases stay inside them, so none is unsupported", async () => {
  const port = writePort("declared_port.py", [
    "implementation = 'declared port'",
    "version = '0.1'",
    "modules = {n: getattr(nn, n) for n in ('Sequential', 'Dropout', 'BatchNorm1d', 'BatchNorm2d')}",
    "capabilities = {'ops': ['manual_seed', 'train', 'eval', 'setattr', 'forward', 'state_dict'], 'dtypes': ['float32']}",
  ]);
  const { report } = await runVerify(cliOptions({ impl: `${oraclePython()} ${port}`, runs: 60, json: true }));
  expect(report.port).toMatchObject({ implementation: "declared port", version: "0.1", capabilities: { modules: ["BatchNorm1d", "BatchNorm2d", "Dropout", "Sequential"] } });
  expect(report.totals).toMatchObject({ unsupported: 0, fail: 0, lost: 0, "protocol-error": 0 });
  expect(report.totals.pass).toBe(60);
  expect(report.cases.every((c) => /^g1-\d+@[0-9a-f]{8}$/.test(c.id))).toBe(true);
});
