// tinygrad 0.14.0 as a port under test (examples/tinygrad-port, through the worker protocol), run by the
// conformance command on part of the committed corpus with no oracle: every difference from PyTorch's stored answers
// is one its expectations file (docs/ports/tinygrad.expectations.json) explains, and the rest passes. tinygrad's CPU
// device needs clang and the port its own venv (`npm run provision -- --port tinygrad`): without them the test is
// skipped with the reason, except under CI (CI=true: .ci/run installs clang and provisions the venv), where it fails
// (test/requires.ts). Its discrepancies one case at a time: test/verify/tinygrad.test.ts.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tinygradMissing } from "../../src/adapters/third-party/tinygrad.ts";
import { REPO_ROOT } from "../../src/corpus/paths.ts";
import type { Report } from "../../src/engine/report-model.ts";
import { KNOWN_PORTS } from "../../src/verify/known-ports.ts";
import { tempRoot } from "../corpus/helpers.ts";
import { requires } from "../requires.ts";

requires(tinygradMissing(), ".ci/run installs clang and provisions the venv, and runs it");

const CLI = path.join(REPO_ROOT, "src", "cli", "main.ts");
const known = KNOWN_PORTS.find((p) => p.id === "tinygrad")!;

describe("tinygrad on the committed corpus, no oracle", () => {
  it("differs from PyTorch's stored answers only where its expectations say", { timeout: 600_000 }, async () => {
    const tmp = await tempRoot();
    try {
      const json = path.join(tmp.root, "r.json");
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", CLI, "conformance", "--quiet", "--no-live", "--impl", known.impl, "--profile", known.profiles.join(","), "--ulps", String(known.ulps), "--atol", String(known.atol), "--expectations", known.expectations, "--shard", "3/40", "--max-counterexamples", "0", "--reports", tmp.root, "--json", json],
        { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", TORCH_CONFORMANCE_PYTHON: path.join(tmp.root, "no-python-here") } },
      );
      const report = JSON.parse(await readFile(json, "utf8")) as Report;
      expect(report.golden).toEqual({ source: "stored" });
      expect(report.port.implementation).toBe("tinygrad 0.14.0 (CPU)");
      const unexplained = report.cases.filter((c) => c.status !== "pass" && c.status !== "xfail" && c.status !== "unsupported" && c.status !== "not-applicable").map((c) => `${c.id}: ${c.status}: ${c.differences.filter((d) => d.expected === undefined && d.consequenceOf === undefined).map((d) => d.path).join(", ")}`);
      expect(unexplained).toEqual([]);
      expect(report.totals.pass).toBeGreaterThan(0);
      expect(report.totals.xfail).toBeGreaterThan(0);
      expect(r.stdout).toMatch(/^PASS: \d+ passed, 0 failed, \d+ expected failures?, \d+ unsupported, \d+ not applicable \(outside the port.s declared capabilities\); port tinygrad 0\.14\.0/m);
      expect(r.status).toBe(0);
    } finally {
      await tmp.remove();
    }
  });
});
