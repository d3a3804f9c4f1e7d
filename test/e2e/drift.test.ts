// `regen --diff` through the real script and the real reference oracle, in a copy of the committed fixtures: torch
// 2.13.0 regenerated against the committed torch 2.14.1 goldens. A group holding 2.14.1 overrides must come out
// "changed" (exit 3) naming exactly those cases, and nothing is written (--check). (Exit 0 for no change: drift.test.ts.)
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIFT_EXIT } from "../../src/engine/drift.ts";
import { fixturesLayout } from "../../src/corpus/paths.ts";
import { loadVersionGolden } from "../../src/corpus/versions.ts";
import { copyCommitted, spawnRegen, tempRoot, treeHashes } from "../corpus/helpers.ts";
import { provisionedPython } from "../oracle/helpers.ts";

describe("regen --diff (real oracle, copy of the committed fixtures)", () => {
  let tmp: Awaited<ReturnType<typeof tempRoot>>;
  let python: string;
  /** The 2.14.1 overrides' case ids, by group. */
  const overridden = new Map<string, string[]>();

  beforeAll(async () => {
    python = provisionedPython();
    tmp = await tempRoot();
    await copyCommitted(tmp.layout);
    await cp(path.join(fixturesLayout().root, "torch"), path.join(tmp.layout.root, "torch"), { recursive: true });
    const v = await loadVersionGolden(tmp.layout.root, "2.14.1");
    expect(v.problems).toEqual([]);
    // an override keeps the group the reference manifest gives its case
    for (const r of v.records.filter((x) => x.file.endsWith("overrides.jsonl.gz"))) {
      const g = r.group!;
      overridden.set(g, [...(overridden.get(g) ?? []), r.record.case.id]);
    }
  });
  afterAll(async () => tmp?.remove());

  const diff = async (group: string) => {
    const report = path.join(tmp.root, `drift-${group}`);
    const before = await treeHashes(tmp.layout.root);
    const run = spawnRegen(["--fixtures", tmp.layout.root, "--only", group, "--check", "--diff", "2.14.1", "--report", report], python);
    const { code } = await run.exited;
    expect(await treeHashes(tmp.layout.root)).toEqual(before);
    return { code, stderr: run.stderr(), md: await readFile(`${report}.md`, "utf8"), json: JSON.parse(await readFile(`${report}.json`, "utf8")) as { exitCode: number; changed: { id: string }[]; unchanged: number } };
  };

  it("a group holding 2.14.1 overrides: exit 3, naming exactly those cases", async () => {
    const [group, ids] = [...overridden][0] ?? [];
    if (!group) return expect.fail("the committed 2.14.1 goldens hold no override: this test has nothing to find");
    const out = await diff(group);
    expect(out.code, out.stderr).toBe(DRIFT_EXIT.changed);
    expect(out.json.exitCode).toBe(DRIFT_EXIT.changed);
    expect(out.json.changed.map((c) => c.id)).toEqual(ids);
    for (const id of ids!) expect(out.md).toContain(`### \`${id}\``);
    expect(out.md).toMatch(/^# What changed from torch 2\.14\.1\S* to torch 2\.13\.0\S*/);
  });
});
