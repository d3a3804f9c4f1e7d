// Replays the regression corpus (fixtures/regressions/) on the built-in port, and checks that PyTorch still gives
// the stored answers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { runCase } from "../../src/adapters/builtin/index.ts";
import { wireTensor } from "../../src/case/index.ts";
import { compareOutcomes, compareResults, formatDifferences } from "../../src/conformance/compare.ts";
import { readRegressions, regressionId, writeRegression } from "../../src/conformance/regressions.ts";
import { sharedOracle } from "../oracle/helpers.ts";

const DIR = path.resolve(import.meta.dirname, "..", "..", "fixtures", "regressions");
const { entries: corpus, problems } = readRegressions(DIR);

describe("regression corpus on the built-in port", () => {
  it("reads (every file checked against the schema)", () => {
    expect(problems).toEqual([]);
  });

  it.each(corpus.map((c) => [`${c.entry.id} (found: ${c.entry.found.difference})`, c] as const))("%s", (_name, { entry }) => {
    expect(formatDifferences(compareOutcomes({ id: entry.id, status: "ok", result: entry.golden }, runCase(entry.case)))).toBe("");
  });
});

describe("regression corpus against PyTorch", () => {
  let oracle: Adapter | undefined;
  beforeAll(async () => {
    if (corpus.length > 0) oracle = await sharedOracle();
  });

  it.runIf(corpus.length > 0)("PyTorch still gives every stored golden", async () => {
    const now = await oracle!.runCases(corpus.map((c) => c.entry.case));
    corpus.forEach(({ file, entry }, i) => {
      const o = now[i]!;
      expect(o.status, file).toBe("ok");
      if (o.status === "ok") expect(formatDifferences(compareResults(entry.golden, o.result)), file).toBe("");
    });
  });
});

describe("regression files", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), "tc-regressions-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trip: the file is named by the case's content hash and reads back as written", () => {
    const kase = { schema: 1 as const, id: "x", nodes: { n0: { type: "Identity" as const } }, root: "n0", steps: [{ op: "forward" as const, path: "", input: wireTensor("float32", [1], [1]) }] };
    const golden = { schema: 1 as const, id: "x", build: { error: null, warnings: [], snapshot: { modules: [], parameters: [], buffers: [], stateDictKeys: [] } }, steps: [] };
    const file = writeRegression(dir, { found: { date: "d", seed: 1, path: "0", port: "p", difference: "x" }, oracle: { torch: "t" }, tags: ["a"], case: kase, golden });
    const id = regressionId(kase);
    expect(path.basename(file)).toBe(`${id}.json`);
    const [read] = readRegressions(dir).entries;
    expect(read!.entry.case).toEqual({ ...kase, id });
    expect(read!.entry.golden.id).toBe(id);
    expect(regressionId({ ...kase, id: "other" })).toBe(id);
  });

  it("a bad file is a problem naming it, and does not stop the others from loading", () => {
    const good = readRegressions(dir).entries[0]!;
    const bad: [string, string, string][] = [
      ["r-0-json.json", "{ nope", "bad JSON"],
      ["r-1-array.json", "[]", "not a JSON object"],
      ["r-2-format.json", JSON.stringify({ ...good.entry, id: "r-2-format", format: 9 }), "format 9"],
      ["r-3-name.json", JSON.stringify({ ...good.entry, id: "elsewhere" }), "id elsewhere does not match the file name"],
      ["r-4-tags.json", JSON.stringify({ ...good.entry, id: "r-4-tags", tags: "t" }), "tags"],
      ["r-5-case.json", JSON.stringify({ ...good.entry, id: "r-5-case", case: { ...good.entry.case, root: 5 } }), "case: /root"],
      ["r-6-golden.json", JSON.stringify({ ...good.entry, id: "r-6-golden", golden: { schema: 1 } }), "golden:"],
    ];
    for (const [name, text] of bad) writeFileSync(path.join(dir, name), text);
    try {
      const { entries, problems } = readRegressions(dir);
      expect(entries.map((e) => e.file)).toEqual([good.file]);
      expect(problems.map((p) => path.basename(p.file))).toEqual(bad.map(([name]) => name));
      problems.forEach((p, i) => expect(p.message).toContain(bad[i]![2]));
    } finally {
      for (const [name] of bad) rmSync(path.join(dir, name));
    }
  });

  it("a missing directory is an empty corpus", () => {
    expect(readRegressions(path.join(dir, "absent"))).toEqual({ entries: [], problems: [] });
  });
});
