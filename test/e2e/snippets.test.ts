// The reproducers: the Python snippet must run on its own with the oracle's python and print exactly what the
// oracle recorded (as summarizeResult lines); the TypeScript snippet must print what the port answers.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCase } from "../../src/adapters/builtin/index.ts";
import type { Case, Result } from "../../src/case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../../src/conformance/snippets.ts";
import { summarizeResult } from "../../src/conformance/summary.ts";
import { loadGolden } from "../../src/corpus/load.ts";
import { provisionedPython as oraclePython } from "../oracle/helpers.ts";

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, "..", "..");
/** A few feature sets (python startup is slow): per set, the first generated case of the golden corpus that has them all. */
const WANTED = ["dropout.rank-warning bn.eval", "state.load-strict tree.add-module", "error.batch-size input.nan", "error.ctor", "hook.called hook.scale hook.global", "hook.after-error"];

let picked: { tag: string; case: Case; golden: Result }[] = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tc-snippets-"));
  // PyTorch's recorded answers, as the golden corpus keeps them (CI's regen --check proves they are today's)
  const generated = (await loadGolden()).records.map((r) => r.record).filter((r) => r.case.id.startsWith("random-"));
  picked = WANTED.map((tag) => {
    const r = generated.find((x) => x.golden.status === "ok" && tag.split(" ").every((t) => x.tags.includes(t)));
    if (!r || r.golden.status !== "ok") throw new Error(`no generated case of the golden corpus has ${tag}`);
    return { tag, case: r.case, golden: r.golden.result };
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("pythonSnippet", () => {
  it.each(WANTED)("runs standalone and prints what the oracle recorded (%s)", async (tag) => {
    const p = picked.find((x) => x.tag === tag)!;
    const file = path.join(dir, `${tag.replace(/ /g, "_")}.py`);
    writeFileSync(file, pythonSnippet(p.case));
    const { stdout } = await run(oraclePython(), [file], { env: { PATH: process.env.PATH ?? "" }, maxBuffer: 1 << 24 });
    expect(stdout.trimEnd().split("\n")).toEqual(summarizeResult(p.case, p.golden));
  });
});

describe("typescriptSnippet", () => {
  it("runs from the repository root and prints the port's answer", async () => {
    const p = picked[1]!;
    const file = path.join(REPO, `.tc-snippet-${process.pid}.ts`);
    writeFileSync(file, typescriptSnippet(p.case));
    try {
      const { stdout } = await run(path.join(REPO, "node_modules", ".bin", "tsx"), [file], { cwd: REPO, maxBuffer: 1 << 24 });
      const port = runCase(p.case);
      if (port.status !== "ok") throw new Error(`the port rejected the case: ${JSON.stringify(port)}`);
      expect(stdout.trimEnd().split("\n")).toEqual(summarizeResult(p.case, port.result));
    } finally {
      rmSync(file, { force: true });
    }
  });
});
