// `torch-conformance hunt` through the command line's entry (src/cli/main.ts under tsx), where no PyTorch is needed: bad arguments are refused with a
// line naming what was wrong (exit 2), and --merge of shards' state files records a complete hunt in the ledger.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { LEDGER_HEADER } from "../../src/hunt/ledger.ts";
import { makePlan } from "../../src/hunt/plan.ts";
import { type HuntState, writeHuntState } from "../../src/hunt/state.ts";

const MAIN = path.resolve(import.meta.dirname, "..", "..", "src", "cli", "main.ts");
const hunt = (...args: string[]) => execa("node", ["--import", "tsx", MAIN, "hunt", ...args], { reject: false, timeout: 60_000 });
const tmp = () => mkdtempSync(path.join(tmpdir(), "hunt-cli-"));

function shard(seeds: number[], disagreeing: number[] = []): HuntState {
  const plan = makePlan({ seedFrom: 1, seedTo: 3 }, 30);
  return {
    format: 1,
    plan,
    generator: "g",
    torch: { version: "2.13.0+cpu", git: "cf30153c4c131c8164ee7798e5022d810682e2cb", cpuCapability: "DEFAULT", threads: 1 },
    startedAt: "2026-12-04T20:00:00.000Z",
    seeds: seeds.map((seed) => ({
      seed,
      cases: 10,
      ms: 5,
      commit: "abc",
      finishedAt: "2026-12-04T20:01:00.000Z",
      disagreement: disagreeing.includes(seed) ? { index: 4, failedCases: 1, path: "4:0", difference: "steps[0]: x", regression: "fixtures/regressions/r-x.json" } : null,
    })),
  };
}

describe("hunt command", () => {
  it.each([
    [["--seeds", "5-3", "--cases", "10"], /^error: --seeds "5-3": expected a seed or an inclusive range/],
    [["--seeds", "1-3"], /^error: hunt needs --seeds and --cases/],
    [["--merge", "/nonexistent/a.json"], /^error: \/nonexistent\/a\.json: cannot read the hunt state file \(ENOENT\)/],
  ])("refuses %j with one line saying why (exit 2)", async (args, message) => {
    const r = await hunt(...args);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.exitCode).toBe(2);
  });
  it("refuses a zero case count before doing anything", async () => {
    const r = await hunt("--seeds", "1", "--cases", "0");
    expect(r.stderr).toMatch(/--cases must be at least 1/);
    expect(r.exitCode).not.toBe(0);
  });

  it("--merge of shards covering every seed records the hunt; exit 0 when clean", async () => {
    const dir = tmp();
    const ledger = path.join(dir, "hunts.md");
    writeFileSync(ledger, `# Hunts\n\n${LEDGER_HEADER.join("\n")}\n`);
    writeHuntState(path.join(dir, "a.json"), shard([1, 3]));
    writeHuntState(path.join(dir, "b.json"), shard([2]));
    const r = await hunt("--merge", path.join(dir, "a.json"), path.join(dir, "b.json"), "--state", path.join(dir, "all.json"), "--ledger", ledger);
    expect(r.stderr).toMatch(/hunt: complete: seeds 1-3, 30 cases, no disagreement/);
    expect(r.exitCode).toBe(0);
    const rows = readFileSync(ledger, "utf8").trimEnd().split("\n");
    expect(rows).toHaveLength(5);
    expect(rows[4]).toMatch(/^\| \d{4}-\d\d-\d\d \d\d:\d\d \| 1-3 \(10 each\) \| 30 \| 2\.13\.0\+cpu \(cf30153c\), DEFAULT, 1 \| abc \| none \| - \|$/);
    expect(JSON.parse(readFileSync(path.join(dir, "all.json"), "utf8")).seeds).toHaveLength(3);
  });

  it("--merge that leaves seeds out records nothing and names them; a disagreement makes the exit 1", async () => {
    const dir = tmp();
    const ledger = path.join(dir, "hunts.md");
    writeHuntState(path.join(dir, "a.json"), shard([1, 3], [3]));
    const r = await hunt("--merge", path.join(dir, "a.json"), "--state", path.join(dir, "all.json"), "--ledger", ledger);
    expect(r.stderr).toMatch(/2 of 3 seeds done \(20 cases\), 1 disagreement\(s\); not recorded in .* \(seeds left: 2;/);
    expect(r.exitCode).toBe(1);
    expect(() => readFileSync(ledger)).toThrow(/ENOENT/);
  });
});
