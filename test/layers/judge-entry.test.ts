// Importing the judge (src/engine/index.ts, src/conformance/index.ts, and the vitest entry a port author runs the
// corpus with) loads no code of the built-in port: that is loaded only when a run names it (`--impl builtin`).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT_CODE = /\/src\/(nn|tensor|torch)\/|\/src\/adapters\/builtin\//;

/** The src/ files a fresh process loads when it imports `entries`. */
async function loadedBy(entries: string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "tc-loads-"));
  const log = path.join(dir, "loaded.txt");
  try {
    const script = entries.map((e) => `await import(${JSON.stringify(pathToFileURL(path.join(ROOT, e)).href)});`).join("\n");
    await execa(process.execPath, ["--import", "./support/loads/register.mjs", "--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, env: { TC_LOADED_LOG: log } });
    const src = pathToFileURL(path.join(ROOT, "src")).href;
    return [...new Set((await readFile(log, "utf8")).split("\n").filter((u) => u.startsWith(src)).map((u) => u.slice(ROOT.length + 8)))];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the judge's entry points", () => {
  it("load the engine and the comparison, and no file of the built-in port", async () => {
    const loaded = await loadedBy(["src/engine/index.ts", "src/conformance/index.ts", "src/vitest.ts"]);
    expect(loaded).toContain("src/engine/run.ts");
    expect(loaded).toContain("src/conformance/compare.ts");
    expect(loaded.filter((f) => PORT_CODE.test(`/${f}`))).toEqual([]);
  });
  it("the record would show port code if an entry loaded it (the built-in adapter does)", async () => {
    expect(await loadedBy(["src/adapters/builtin/index.ts"])).toContain("src/nn/batchnorm.ts");
  });
});
