// Every reader of a JSON file a user or a run wrote (manifest, report, expectations, hunt state, judge config, regressions, --case) says the same
// two things the same way: the file could not be read (with the system's code), or it is not JSON.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJsonFile, readJsonFileSync } from "../src/json-file.ts";
import { readJudgeConfig } from "../src/conformance/config.ts";
import { readManifest } from "../src/corpus/manifest.ts";
import { readHuntState } from "../src/hunt/state.ts";
import { readReport } from "../src/reports/json.ts";
import { loadExpectations } from "../src/verify/expectations.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tc-json-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missing = path.join(dir, "missing.json");
const bad = path.join(dir, "bad.json");
writeFileSync(bad, "{ nope");

describe("JSON files", () => {
  it("names the file, and says it cannot be read (with the code) or is not JSON", async () => {
    await expect(readJsonFile(missing, "the thing")).rejects.toThrow(`${missing}: cannot read the thing (ENOENT)`);
    expect(() => readJsonFileSync(missing, "the thing")).toThrow(`${missing}: cannot read the thing (ENOENT)`);
    await expect(readJsonFile(bad, "the thing")).rejects.toThrow(new RegExp(`^${bad}: bad JSON \\(`));
    expect(() => readJsonFileSync(bad, "the thing")).toThrow(new RegExp(`^${bad}: bad JSON \\(`));
  });

  it.each([
    ["the fixtures manifest", (f: string) => readManifest(f)],
    ["a torch-conformance report", (f: string) => readReport(f)],
    ["the expectations file", (f: string) => loadExpectations(f)],
    ["the hunt state file", async (f: string) => readHuntState(f)],
    ["the judge's config file", async (f: string) => readJudgeConfig(f, {})],
  ])("%s: the same two messages", async (what, read) => {
    await expect(read(missing)).rejects.toThrow(`${missing}: cannot read ${what} (ENOENT)`);
    await expect(read(bad)).rejects.toThrow(`${bad}: bad JSON (`);
  });
});
