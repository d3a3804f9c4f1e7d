// The seeded protocol fuzz run (src/fuzz/): a corpus of hostile lines against the oracle, the built-in port in this
// process, and the built-in port as a subprocess through the client. Each line gets exactly one valid answer, in
// order; the worker is alive and the same process at the end; the oracle and the port answer each line alike.
// CI runs TC_FUZZ_LINES lines (default 3,000: the giants included, well inside a minute); `npm run fuzz` runs 10,000.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzz, hostileLines, PROBE_LINE, startTarget, type FuzzReport, type TargetName } from "../../src/fuzz/index.ts";
import { provisionedPython } from "../oracle/helpers.ts";

const LINES = Number(process.env.TC_FUZZ_LINES ?? 3000);
const SEED = Number(process.env.TC_FUZZ_SEED ?? 1);
// Bounds the project sets for itself: far above what a run measures (README, "Limits"), far below a machine's memory.
const PEAK_RSS_MIB = 1024;

const lines = hostileLines(LINES, SEED);
const reports = new Map<TargetName, FuzzReport>();

async function run(name: TargetName): Promise<void> {
  const { target, close } = await startTarget(name, { python: provisionedPython() });
  try {
    reports.set(name, await fuzz(target, lines, PROBE_LINE));
  } finally {
    await close();
  }
}

describe(`protocol fuzz: ${LINES} hostile lines, seed ${SEED}`, () => {
  beforeAll(async () => {
    for (const name of ["oracle", "builtin", "serve"] as const) await run(name);
  });
  afterAll(() => {
    console.log([...reports.values()].map((r) => `${r.target}: ${r.answered}/${r.sent} answered, peak RSS ${r.peakRssMiB?.toFixed(0)} MiB, ${r.seconds.toFixed(1)} s`).join("\n"));
  });

  it.each(["oracle", "builtin", "serve"] as const)("%s: one valid answer per line, in order, and alive at the end", (name) => {
    const report = reports.get(name)!;
    expect(report.problems).toEqual([]);
    expect(report.answered).toBe(LINES);
    if (name !== "builtin") expect(report.peakRssMiB ?? 0).toBeLessThan(PEAK_RSS_MIB);
  });

  it("the corpus is hostile: most lines are rejected, with codes of every kind, and some still run", () => {
    const kinds = reports.get("oracle")!.kinds;
    for (const kind of ["rejected/bad_json", "rejected/schema_violation", "rejected/limit", "result"]) expect(kinds[kind] ?? 0, kind).toBeGreaterThan(0);
  });

  it("the oracle and the built-in port answer each line alike (type and code), but for a line deeper than Python reads", () => {
    const kinds = (name: TargetName) => reports.get(name)!.lineKinds;
    const [oracle, port, served] = [kinds("oracle"), kinds("builtin"), kinds("serve")];
    const differing = oracle.flatMap((k, i) => (k === port[i] ? [] : [`${i}: oracle ${k}, port ${port[i]}: ${lines[i]!.subarray(0, 120).toString()}`]));
    // "[" * 200,000: Python's parser gives up on the depth (a limit), JavaScript's on the missing "]" (bad JSON)
    expect(differing).toEqual(LINES > 1 ? [`1: oracle limit, port bad_json: ${"[".repeat(120)}`] : []);
    expect(served).toEqual(port);
  });
});
