// The Python kit (python/torch_conformance_port.py): a port that maps only some module types answers the rest as
// unsupported (a missing `modules` entry raises the kit's Unsupported), and what it maps agrees with PyTorch.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { runVerifyCli } from "../../src/cli/verify.ts";
import { cliOptions, oraclePython, ROOT, silent } from "../verify/helpers.ts";

const tmp = mkdtempSync(path.join(tmpdir(), "torch-conformance-python-kit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("a port without RReLU: RReLU cases are unsupported, the others pass", async () => {
  const port = path.join(tmp, "partial_port.py");
  writeFileSync(
    port,
    [
      "import os, sys",
      "os.environ['ATEN_CPU_CAPABILITY'] = 'default'  # the reference configuration, before torch is imported",
      `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, "python"))})`,
      "from torch_conformance_port import Port, serve",
      "import torch",
      "from torch import nn",
      "torch.set_num_threads(1)",
      "class Partial(Port):",
      "    implementation = 'partial torch port'",
      "    modules = {n: getattr(nn, n) for n in ('Sequential', 'Dropout', 'BatchNorm1d', 'BatchNorm2d')}",
      "serve(Partial())",
    ].join("\n"),
  );
  const features = ["module.Dropout,module.BatchNorm1d,module.BatchNorm2d,module.RReLU", "!module.Lazy*,module.Instance*,module.*Alpha*,module.Dropout?d,module.BatchNorm3d,module.Module*,module.Identity,module.Chain,module.FrozenBN"];
  const { report } = await runVerifyCli(cliOptions({ impl: `${oraclePython()} ${port}`, runs: 150, features, json: true }), silent);
  expect(report.port.implementation).toBe("partial torch port");
  expect(report.totals.fail).toBe(0);
  expect(report.totals.unsupported).toBeGreaterThan(0);
  expect(report.totals.pass).toBeGreaterThan(0);
});
