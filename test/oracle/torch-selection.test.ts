// --torch selects a SUPPORTED_TORCH row: the oracle's handshake must then show that version (a worker claiming
// another one is refused, whichever is selected), another version's venv is never $TORCH_CONFORMANCE_VENV, and a
// version other than the reference is never provisioned on the way (it may be a multi-GB download).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandshakeError, OracleSetupError, startOracle } from "../../src/oracle/index.ts";
import { REFERENCE_TORCH, SUPPORTED_VERSIONS, torchRow, venvDir } from "../../src/oracle/provision.ts";
import { python3, STUB } from "./helpers.ts";
const OTHER = torchRow("2.14.1");

describe("torch version selection", () => {
  let dir: string;
  /** A "python" that runs the stub worker claiming torch `torch`, whatever script it is given. */
  const fakePython = async (torch: string) => {
    const file = path.join(dir, `python-${torch}`);
    await writeFile(file, `#!/bin/sh\nexec ${JSON.stringify(python3())} ${JSON.stringify(STUB)} --handshake '${JSON.stringify({ torch })}'\n`);
    await chmod(file, 0o755);
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tc-torch-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists the reference first and refuses an unknown version naming the supported ones", () => {
    expect(SUPPORTED_VERSIONS[0]).toBe(REFERENCE_TORCH.torch);
    expect(SUPPORTED_VERSIONS).toContain("2.14.1");
    expect(() => torchRow("2.12.0")).toThrow(`torch "2.12.0" is not supported: the supported versions are ${SUPPORTED_VERSIONS.join(", ")}`);
  });

  it("accepts a worker claiming the selected version", async () => {
    const client = await startOracle({ python: await fakePython("2.14.1+stub"), torch: OTHER });
    try {
      expect(client.handshake.torch).toBe("2.14.1+stub");
    } finally {
      await client.close();
    }
  });

  it.each([
    ["2.14.1+stub", undefined, '"2.13.0"'],
    ["2.13.0+stub", OTHER, '"2.14.1"'],
  ])("refuses a worker claiming %s when another version is selected", async (claimed, row, expected) => {
    const err = await startOracle({ python: await fakePython(claimed), ...(row ? { torch: row } : {}) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).kind).toBe("mismatch");
    expect((err as HandshakeError).message).toContain(`torch: expected a version starting with ${expected}, got "${claimed}"`);
  });

  it("keeps $TORCH_CONFORMANCE_VENV for the reference version only", () => {
    const env = { TORCH_CONFORMANCE_VENV: "/somewhere/venv", XDG_CACHE_HOME: "/cache" };
    expect(venvDir(REFERENCE_TORCH, env)).toBe(path.resolve("/somewhere/venv"));
    expect(venvDir(OTHER, env)).toBe(path.join("/cache", "torch-conformance", "2.14.1-3.11"));
  });

  it("does not provision another version on the way: it says how to", async () => {
    const saved = { xdg: process.env.XDG_CACHE_HOME, py: process.env.TORCH_CONFORMANCE_PYTHON };
    process.env.XDG_CACHE_HOME = dir;
    delete process.env.TORCH_CONFORMANCE_PYTHON;
    try {
      const err = await startOracle({ torch: OTHER, provision: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OracleSetupError);
      expect((err as OracleSetupError).message).toContain(`the oracle venv ${path.join(dir, "torch-conformance", "2.14.1-3.11")} (torch 2.14.1) does not exist: run \`npm run provision -- --torch 2.14.1\``);
    } finally {
      for (const [k, v] of [["XDG_CACHE_HOME", saved.xdg], ["TORCH_CONFORMANCE_PYTHON", saved.py]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
