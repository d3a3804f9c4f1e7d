// `torch-conformance doctor` through the CLI's entry (src/cli/main.ts under tsx): exit 0 with the handshake when the oracle is usable,
// otherwise a non-zero exit and one actionable sentence.
import path from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { provisionedPython } from "../oracle/helpers.ts";

const MAIN = path.resolve(import.meta.dirname, "..", "..", "src", "cli", "main.ts");

function doctor(env: Record<string, string | undefined>) {
  const { TORCH_CONFORMANCE_PYTHON: _ignored, ...inherited } = process.env;
  return execa("node", ["--import", "tsx", MAIN, "doctor"], { env: { ...inherited, ...env }, extendEnv: false, reject: false, timeout: 120_000 });
}

/** One sentence: a single line ending in a period, with no sentence break inside. */
function expectOneSentence(stderr: string) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: .*\.$/);
}

it("exits 0 and prints the handshake when the oracle is usable", async () => {
  provisionedPython(); // fails loudly with the provisioning error if there is no venv
  const r = await doctor({});
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toMatch(/torch\s+2\.13\.0/);
  expect(r.stdout).toMatch(/CPU capability\s+DEFAULT/);
  expect(r.stdout).toMatch(/threads\s+1\n/);
  expect(r.stdout).toMatch(/python\s+3\.11\.\d+/);
  expect(r.stdout).toMatch(/schema\s+1 \(protocol 1\)/);
  expect(r.stdout).toMatch(/venv\s+\S+/);
});

it("a missing python (TORCH_CONFORMANCE_PYTHON=/nonexistent): non-zero, one sentence naming it", async () => {
  const r = await doctor({ TORCH_CONFORMANCE_PYTHON: "/nonexistent" });
  expect(r.exitCode).not.toBe(0);
  expectOneSentence(r.stderr);
  expect(r.stderr).toContain("TORCH_CONFORMANCE_PYTHON is set to /nonexistent");
  expect(r.stdout).toBe("");
});

it("no venv: non-zero, tells to run npm run provision", async () => {
  const r = await doctor({ TORCH_CONFORMANCE_VENV: path.join(import.meta.dirname, "no-such-venv") });
  expect(r.exitCode).not.toBe(0);
  expectOneSentence(r.stderr);
  expect(r.stderr).toContain("run `npm run provision`");
});

it("a python without torch: non-zero, names the import failure and tells to provision", async () => {
  const r = await doctor({ TORCH_CONFORMANCE_PYTHON: "python3" });
  expect(r.exitCode).not.toBe(0);
  expectOneSentence(r.stderr);
  expect(r.stderr).toContain("exited before its handshake");
  expect(r.stderr).toContain("No module named 'torch'");
  expect(r.stderr).toContain("npm run provision");
});
