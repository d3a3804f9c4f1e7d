// The layers of .dependency-cruiser.cjs hold over src/, scripts/, support/ and test/, and each rule fires on an edge
// planted against it in a scratch tree (so a rule whose pattern matches nothing cannot pass unnoticed).
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const config = createRequire(import.meta.url)(path.join(ROOT, ".dependency-cruiser.cjs")) as IConfiguration;

async function violations(baseDir: string, roots: string[]): Promise<string[]> {
  const { output } = await cruise(roots, { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } });
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe("layers", () => {
  it("no import crosses a layer the wrong way", async () => {
    expect(await violations(ROOT, ["src", "scripts", "support", "test"])).toEqual([]);
  });

  it("every rule catches an edge planted against it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tc-layers-"));
    // each file with the modules it imports (a "dynamic:" prefix imports it dynamically)
    const tree: Record<string, string[]> = {
      "src/case/c.ts": ["../../test/t.ts", "../nn/n.ts"],
      "src/nn/n.ts": ["../adapters/a.ts"],
      "src/adapters/a.ts": ["../engine/e.ts"],
      "src/adapters/third-party/k.ts": ["../builtin/b.ts"],
      "src/adapters/builtin/b.ts": [],
      "src/engine/e.ts": ["../cli/m.ts", "../reports/r.ts"],
      "src/reports/r.ts": ["../engine/e.ts"],
      "src/cli/m.ts": [],
      "src/conformance/p.ts": ["../nn/n.ts"],
      "src/verify/impl.ts": ["dynamic:../adapters/builtin/b.ts"],
      "scripts/s.ts": ["../test/t.ts"],
      "support/u.ts": ["../scripts/s.ts"],
      "test/t.ts": [],
    };
    try {
      for (const [file, imports] of Object.entries(tree)) {
        await mkdir(path.join(dir, path.dirname(file)), { recursive: true });
        const lines = imports.map((spec, i) => (spec.startsWith("dynamic:") ? `export const d${i} = () => import("${spec.slice(8)}");` : `export * as m${i} from "${spec}";`));
        await writeFile(path.join(dir, file), `${lines.join("\n")}\nexport const here = 1;\n`);
      }
      expect(await violations(dir, ["src", "scripts", "support", "test"])).toEqual(
        [
          "src-uses-no-tooling: src/case/c.ts -> test/t.ts",
          "contract-at-the-bottom: src/case/c.ts -> src/nn/n.ts",
          "port-below-adapters: src/nn/n.ts -> src/adapters/a.ts",
          "adapters-below-judge: src/adapters/a.ts -> src/engine/e.ts",
          "third-party-adapters-are-ports: src/adapters/third-party/k.ts -> src/adapters/builtin/b.ts",
          "judge-below-entries: src/engine/e.ts -> src/cli/m.ts",
          "engine-below-reports: src/engine/e.ts -> src/reports/r.ts",
          "no-cycles: src/engine/e.ts -> src/reports/r.ts", // a cycle is reported once
          "judge-loads-no-port: src/conformance/p.ts -> src/nn/n.ts",
          "scripts-use-no-tests: scripts/s.ts -> test/t.ts",
          "support-uses-src-only: support/u.ts -> scripts/s.ts",
        ].sort(),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
