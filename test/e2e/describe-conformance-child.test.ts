// The vitest helper (src/vitest.ts) run by vitest in a child process, as a port author's suite runs: a port with a
// planted bug fails with the differing cases. (That the built-in port passes the whole corpus through it is
// test/kits/describe-conformance.test.ts's.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

const tmp = mkdtempSync(path.join(tmpdir(), "torch-conformance-describe-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("a port whose forward outputs are one bit off fails, naming the cases and the field that differs", async () => {
  const src = (p: string) => JSON.stringify(path.join(ROOT, "src", p));
  writeFileSync(
    path.join(tmp, "broken.test.ts"),
    `import { builtinAdapter } from ${src("adapters/builtin/index.ts")};
import { describeConformance } from ${src("vitest.ts")};

// the planted bug: the lowest bit of every forward output's first byte flipped
const flip = (data: string) => {
  const raw = Buffer.from(data, "base64");
  if (raw.length > 0) raw[0] ^= 1;
  return raw.toString("base64");
};
const broken = {
  ...builtinAdapter,
  name: "broken",
  async runCases(cases: Parameters<typeof builtinAdapter.runCases>[0]) {
    const outcomes = await builtinAdapter.runCases(cases);
    for (const o of outcomes) {
      if (o.status !== "ok") continue;
      for (const step of o.result.steps) {
        const value = step.value as { output?: { data: string } } | undefined;
        if (value?.output) value.output.data = flip(value.output.data);
      }
    }
    return outcomes;
  },
};
describeConformance(broken, { filter: (c) => Object.values(c.case.nodes).some((n) => n.type === "Dropout") });
`,
  );
  writeFileSync(path.join(tmp, "vitest.config.ts"), `export default { test: { include: ["broken.test.ts"] } };\n`);
  const r = await execa(path.join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--root", tmp], { reject: false, env: { FORCE_COLOR: "0" } });
  const out = r.stdout + r.stderr;
  expect(r.exitCode).toBe(1);
  expect(out).toMatch(/\d+ case\(s\) differ from PyTorch/);
  expect(out).toMatch(/steps\[\d+\]\S*output/);
});
