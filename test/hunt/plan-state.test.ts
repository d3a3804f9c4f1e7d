// The hunt's bookkeeping, without PyTorch: seed ranges and shards, the state file (checks, resumption rules, merging
// shards) and the ledger rows of docs/hunts.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendLedgerRow, LEDGER_HEADER, ledgerRow } from "../../src/hunt/ledger.ts";
import { shardSeeds as generatedSeeds } from "../../src/engine/generated.ts";
import { makePlan, parseSeedRange, planTotal, shardSeeds } from "../../src/hunt/plan.ts";
import { type HuntState, incompatibility, mergeHuntStates, missingSeeds, readHuntState, writeHuntState } from "../../src/hunt/state.ts";

const torch = { version: "2.13.0+cpu", git: "cf30153c4c131c8164ee7798e5022d810682e2cb", cpuCapability: "DEFAULT", threads: 1 };
function state(seeds: number[], over: Partial<HuntState> = {}): HuntState {
  const plan = makePlan({ seedFrom: 1, seedTo: 4 }, 400);
  return {
    format: 1,
    plan,
    generator: "g1",
    torch,
    startedAt: "2026-01-01T00:00:00.000Z",
    seeds: seeds.map((seed) => ({ seed, cases: plan.casesPerSeed, ms: 10, commit: "abc", finishedAt: "2026-01-01T00:01:00.000Z", disagreement: null })),
    ...over,
  };
}
const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hunt-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("plan", () => {
  it("reads a seed or an inclusive range, and says what it expected otherwise", () => {
    expect(parseSeedRange("7")).toEqual({ seedFrom: 7, seedTo: 7 });
    expect(parseSeedRange("1-20")).toEqual({ seedFrom: 1, seedTo: 20 });
    for (const bad of ["", "a", "5-3", "-1", "1-2-3", "1-4294967296"]) expect(() => parseSeedRange(bad)).toThrow(/--seeds .*expected a seed or an inclusive range/);
  });
  it("divides the cases over the seeds, rounding up, so the hunt runs at least as many as asked", () => {
    const plan = makePlan({ seedFrom: 1, seedTo: 3 }, 1000);
    expect(plan.casesPerSeed).toBe(334);
    expect(planTotal(plan)).toBe(1002);
    expect(() => makePlan({ seedFrom: 1, seedTo: 3 }, 0)).toThrow(/--cases must be a positive integer/);
  });
  it("shards cover every seed exactly once", () => {
    const plan = makePlan({ seedFrom: 10, seedTo: 16 }, 7);
    const parts = [1, 2, 3].map((index) => shardSeeds(plan, { index, count: 3 }));
    expect(parts).toEqual([[10, 13, 16], [11, 14], [12, 15]]);
    expect(shardSeeds(plan, undefined)).toEqual([10, 11, 12, 13, 14, 15, 16]);
  });
  it("a seed keeps its shard when the range grows, in a hunt as in a generated run (one split: engine/partition.ts)", () => {
    for (const index of [1, 2, 3]) {
      const shard = { index, count: 3 };
      const short = shardSeeds(makePlan({ seedFrom: 10, seedTo: 16 }, 7), shard);
      const long = shardSeeds(makePlan({ seedFrom: 10, seedTo: 30 }, 21), shard);
      expect(long.slice(0, short.length)).toEqual(short);
      expect(generatedSeeds({ seed: 10, seeds: 21, runs: 1, shard })).toEqual(long);
    }
  });
});

describe("state file", () => {
  it("round-trips, and tells which seeds are left", () => {
    const file = path.join(tmp(), "sub", "s.json");
    writeHuntState(file, state([1, 3]));
    expect(readHuntState(file)).toEqual(state([1, 3]));
    expect(missingSeeds(readHuntState(file))).toEqual([2, 4]);
  });
  it("names the file and the problem when it is not a hunt's state", () => {
    const dir = tmp();
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect(() => readHuntState(write("a.json", "{"))).toThrow(/a\.json: bad JSON/);
    expect(() => readHuntState(write("b.json", JSON.stringify({ ...state([]), format: 2 })))).toThrow(/b\.json: not a hunt state file \(format 2 is not 1\)/);
    expect(() => readHuntState(write("c.json", JSON.stringify(state([9]))))).toThrow(/c\.json: .*seeds\[0\]: seed 9 is outside the plan's range/);
    expect(() => readHuntState(write("d.json", JSON.stringify({ ...state([1]), seeds: [{ ...state([1]).seeds[0], cases: 3 }] })))).toThrow(/d\.json: .*3 cases, the plan says 100/);
    expect(() => readHuntState(path.join(dir, "missing.json"))).toThrow(/missing\.json: cannot read the hunt state file \(ENOENT\)/);
  });
  it("resumes only the same plan, generator and torch", () => {
    expect(incompatibility(state([]), state([]))).toBeNull();
    expect(incompatibility(state([], { plan: makePlan({ seedFrom: 1, seedTo: 4 }, 800) }), state([]))).toMatch(/200 cases each, not seeds 1-4, 100 cases each/);
    expect(incompatibility(state([], { generator: "g2" }), state([]))).toMatch(/another case generator/);
    expect(incompatibility(state([], { torch: { ...torch, cpuCapability: "AVX2" } }), state([]))).toMatch(/answered by torch 2\.13\.0\+cpu .*AVX2/);
  });
  it("merges shards into one, and refuses overlapping or unlike ones", () => {
    const merged = mergeHuntStates([
      { file: "a", state: state([2, 4], { startedAt: "2026-01-02T00:00:00.000Z" }) },
      { file: "b", state: state([1, 3]) },
    ]);
    expect(merged.seeds.map((r) => r.seed)).toEqual([1, 2, 3, 4]);
    expect(merged.startedAt).toBe("2026-01-01T00:00:00.000Z");
    expect(missingSeeds(merged)).toEqual([]);
    expect(() => mergeHuntStates([{ file: "a", state: state([1]) }, { file: "b", state: state([1, 2]) }])).toThrow(/seed 1 was run by both a and b/);
    expect(() => mergeHuntStates([{ file: "a", state: state([1]) }, { file: "b", state: state([2], { generator: "g2" }) }])).toThrow(/b cannot be merged with a: .*another case generator/);
    expect(() => mergeHuntStates([])).toThrow(/at least one/);
  });
});

describe("ledger", () => {
  it("a clean row: date, seeds, cases, torch build, commit, none", () => {
    expect(ledgerRow(state([1, 2, 3, 4]), new Date("2026-12-04T21:05:30Z"))).toBe(
      "| 2026-12-04 21:05 | 1-4 (100 each) | 400 | 2.13.0+cpu (cf30153c), DEFAULT, 1 | abc | none | - |",
    );
  });
  it("a row with a disagreement names it and leaves its fix open; pipes in messages are escaped", () => {
    const s = state([1, 2, 3, 4]);
    s.seeds[1] = { ...s.seeds[1]!, commit: "def", disagreement: { index: 42, failedCases: 3, path: "42:1", difference: "steps[0].output: a | b", regression: "fixtures/regressions/r-1.json" } };
    expect(ledgerRow(s, new Date("2026-12-04T21:05:30Z"))).toBe(
      "| 2026-12-04 21:05 | 1-4 (100 each) | 400 | 2.13.0+cpu (cf30153c), DEFAULT, 1 | abc, def | seed 2 case 42 (3 differing): fixtures/regressions/r-1.json, steps[0].output: a \\| b | open |",
    );
  });
  it("appends at the end of the file, creating it with the table's header when missing", () => {
    const file = path.join(tmp(), "hunts.md");
    appendLedgerRow(file, "| row 1 |");
    writeFileSync(file, readFileSync(file, "utf8").trimEnd()); // no final newline
    appendLedgerRow(file, "| row 2 |");
    expect(readFileSync(file, "utf8")).toBe(`# Hunts\n\n${LEDGER_HEADER.join("\n")}\n| row 1 |\n| row 2 |\n`);
  });
});

describe("docs/hunts.md", () => {
  it("ends with the table the hunt appends its rows to", () => {
    const lines = readFileSync(path.resolve(import.meta.dirname, "..", "..", "docs", "hunts.md"), "utf8").trimEnd().split("\n");
    const header = lines.findIndex((l) => l === LEDGER_HEADER[0]);
    expect(lines.slice(header, header + 2)).toEqual(LEDGER_HEADER);
    expect(lines.slice(header + 2).every((l) => l.startsWith("| ") && l.endsWith(" |"))).toBe(true);
  });
});
