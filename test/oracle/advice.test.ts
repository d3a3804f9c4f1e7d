// oracleAdvice: one actionable sentence per way the oracle can fail to come up.
import { expect, it } from "vitest";
import { HandshakeError, OracleSetupError, oracleAdvice, type OraclePython } from "../../src/oracle/index.ts";

const venv: OraclePython = { python: "/repo/reference-py/.venv/bin/python", source: "venv", venv: "/repo/reference-py/.venv" };
const env: OraclePython = { python: "/opt/py", source: "TORCH_CONFORMANCE_PYTHON", venv: undefined };

it.each([
  [new OracleSetupError("no-venv", "x"), venv, /^The oracle venv \/repo\/reference-py\/\.venv does not exist: run `npm run provision`/],
  [new OracleSetupError("no-python", "x"), env, /^TORCH_CONFORMANCE_PYTHON is set to \/opt\/py, which does not exist/],
  [new HandshakeError("spawn", "cannot run: EACCES"), env, /^TORCH_CONFORMANCE_PYTHON is set to \/opt\/py, which cannot be run \(cannot run: EACCES\)/],
  [new HandshakeError("exited", "x", { stderr: ["Traceback", "ModuleNotFoundError: No module named 'torch'", ""] }), venv, /before its handshake; it said: ModuleNotFoundError: No module named 'torch': run `npm run provision`/],
  [new HandshakeError("timeout", "no handshake within 60000 ms"), venv, /no handshake in time/],
  [new HandshakeError("mismatch", "x", { mismatches: [{ field: "torch", expected: "2.13.0", got: '"2.5.1"' }], handshake: { torch: "2.5.1" } as never }), venv, /^The oracle runs torch 2\.5\.1 but torch 2\.13\.0 is required: run `npm run provision`/],
  [new HandshakeError("mismatch", "x", { mismatches: [{ field: "threads", expected: "1", got: "4" }] }), venv, /threads is 4, expected 1/],
])("%s -> one sentence", (err, where, pattern) => {
  const advice = oracleAdvice(err, where);
  expect(advice).toMatch(pattern);
  expect(advice).toMatch(/\.$/);
  expect(advice).not.toContain("\n");
});
