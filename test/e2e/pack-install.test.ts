// The package as a port author gets it (slow: a few minutes, most of it a fresh oracle venv): `npm pack`, then in a
// fresh temporary project `npm install <tarball>` and there, with only the compiled JavaScript of the package,
// provision the oracle into a temporary cache, doctor, verify the built-in port and the Python example port, replay
// the corpus on the Python example port with no oracle (conformance --impl), run a
// vitest file using the vitest helper, and compile a consumer file against the shipped type declarations.
import { execa } from "execa";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const work = mkdtempSync(path.join(tmpdir(), "torch-conformance-pack-"));
const project = path.join(work, "consumer");
const cache = path.join(work, "cache");
const installed = path.join(project, "node_modules", "torch-conformance");
const venvPython = path.join(cache, "torch-conformance", "2.13.0-3.11", "bin", "python");

/**
 * The consumer's environment: its own cache, none of the repository's overrides, no TypeScript loader, no colour.
 * NO_COLOR, not FORCE_COLOR=0: vitest's colour check (tinyrainbow) turns colour on when FORCE_COLOR is set at all, or
 * when CI is, and ANSI codes between "Tests" and "passed" break a text match.
 */
function env(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith("TORCH_CONFORMANCE_") && k !== "NODE_OPTIONS" && !k.startsWith("VITEST") && k !== "FORCE_COLOR")) as Record<string, string>;
  return { ...inherited, XDG_CACHE_HOME: cache, NO_COLOR: "1", ...extra };
}

const run = (file: string, args: string[]) => execa(file, args, { cwd: project, env: env(), extendEnv: false, reject: false, timeout: 600_000 });
const cli = (...args: string[]) => run("npx", ["--no-install", "torch-conformance", ...args]);

let tarball: string;

beforeAll(async () => {
  const packed = await execa("npm", ["pack", "--ignore-scripts=false", "--json", "--pack-destination", work], { cwd: ROOT });
  tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  // the versions the repository itself uses, from npm's cache when it has them
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
  const dev = ["vitest", "typescript", "@types/node"].map((name) => `${name}@${lock.packages[`node_modules/${name}`]!.version}`);
  const install = await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline", tarball, ...dev]);
  expect(install.exitCode, String(install.stderr)).toBe(0);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships compiled JavaScript, declarations, the oracle, the schema, the corpus and the kits; no tests, Stryker config, CI or TypeScript sources", async () => {
    const { stdout } = await execa("tar", ["-tzf", tarball]);
    const files = stdout.split("\n").map((f) => f.replace(/^package\//, ""));
    for (const f of ["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "dist/vitest.js", "dist/adapter.d.ts", "dist/torch/nn.d.ts", "reference-py/oracle.py", "reference-py/requirements.txt", "reference-py/requirements-2.14.1.txt", "fixtures/torch/2.14.1/manifest.json", "src/case/case-v1.schema.json", "fixtures/manifest.json", "python/torch_conformance_port.py", "examples/python-port/torch_port.py"]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(test|scripts|\.ci|bin)\//.test(f) || f.startsWith("stryker") || f.startsWith("vitest.") || f.startsWith("tsconfig"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("the library runs as plain JavaScript (no loader): the typed surface, tensor factory and warnings", async () => {
    const script = [
      `import { nn, tensor, manualSeed, onWarning } from "torch-conformance";`,
      `manualSeed(0);`,
      `const seen = [];`,
      `onWarning((w) => seen.push(w.category));`,
      `const y = new nn.BatchNorm1d(3, { momentum: null }).call(tensor([[1, 2, 3], [4, 5, 6]]));`,
      `new nn.InstanceNorm1d(3).call(tensor([[[1, 2], [3, 4]]]));`,
      `const lazy = new nn.LazyBatchNorm2d();`,
      `console.log(JSON.stringify({ shape: y.shape, dtype: y.dtype, seen, lazy: lazy.className }));`,
    ].join("\n");
    const r = await run("node", ["--input-type=module", "-e", script]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ shape: [2, 3], dtype: "float32", seen: ["UserWarning"], lazy: "LazyBatchNorm2d" });
  });

  it("doctor, before provisioning, names the command that works here", async () => {
    const r = await cli("doctor");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("run `npx torch-conformance provision`");
  });

  it("provision creates the oracle venv in the per-user cache; doctor then reports it usable", async () => {
    const p = await cli("provision");
    expect(p.exitCode, String(p.stderr)).toBe(0);
    expect(existsSync(venvPython)).toBe(true);
    const d = await cli("doctor");
    expect(d.exitCode, String(d.stderr)).toBe(0);
    expect(d.stdout).toMatch(/torch\s+2\.13\.0/);
    expect(d.stdout).toContain(path.dirname(path.dirname(venvPython)));
    expect(d.stdout).toContain(path.join(installed, "reference-py", "oracle.py"));
  }, 600_000);

  it("verify --impl builtin passes", async () => {
    const r = await cli("verify", "--impl", "builtin", "--runs", "100", "--json", "--quiet");
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("builtin: PASS: 100 passed, 0 failed");
  });

  it("verify on the Python example port, through the worker protocol and the Python kit, passes", async () => {
    const port = path.join(installed, "examples", "python-port", "torch_port.py");
    const r = await cli("verify", "--impl", `${venvPython} ${port}`, "--runs", "100", "--json", "--quiet");
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it("conformance --impl on the Python example port replays the shipped corpus with the oracle's Python unavailable", async () => {
    const port = path.join(installed, "examples", "python-port", "torch_port.py");
    const noPython = { TORCH_CONFORMANCE_PYTHON: path.join(work, "no-python-here") };
    const r = await execa("npx", ["--no-install", "torch-conformance", "conformance", "--impl", `${venvPython} ${port}`, "--shard", "1/8"], { cwd: project, env: env(noPython), extendEnv: false, reject: false, timeout: 600_000 });
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/live run: SKIPPED: the oracle is not available/);
    expect(r.stdout).toMatch(/^PASS: \d+ passed, 0 failed, \d+ unsupported; port examples\/python-port/m);
    expect(existsSync(path.join(project, "reports"))).toBe(true);
  });

  it("verify --impl on a TypeScript adapter module of the project loads it (tsx for that import only)", async () => {
    writeFileSync(path.join(project, "adapter.ts"), `import { builtinAdapter, type Adapter } from "torch-conformance/adapter";\nconst adapter: Adapter = builtinAdapter;\nexport default adapter;\n`);
    const r = await cli("verify", "--impl", "adapter.ts", "--runs", "30", "--json", "--quiet");
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("builtin: PASS: 30 passed, 0 failed");
  });

  it("an adapter whose library is not installed fails in one line naming the package to install", async () => {
    const r = await cli("verify", "--impl", "js-pytorch", "--runs", "1", "--quiet");
    expect(r.exitCode).toBe(2);
    const lines = String(r.stderr).trim().split("\n").filter((l) => !l.startsWith("[provision]"));
    expect(lines).toEqual(["verify: --impl js-pytorch needs the package js-pytorch, which is not installed: npm install --save-dev js-pytorch@0.7.2"]);
  });

  it("a vitest file using the vitest helper replays the corpus on the built-in port", async () => {
    writeFileSync(
      path.join(project, "port.test.js"),
      `import { describeConformance } from "torch-conformance/vitest";\nimport { builtinAdapter } from "torch-conformance/adapter";\ndescribeConformance(builtinAdapter);\n`,
    );
    const r = await run("npx", ["--no-install", "vitest", "run", "--reporter=verbose", "port.test.js"]);
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    // the verbose reporter names every corpus file's test; stripped in case a colour setting slips through anyway
    const out = stripVTControlCharacters(String(r.stdout));
    expect(out).toContain("golden/random-01 (500 cases)");
    expect(out).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(out).not.toMatch(/\bfailed\b/);
  });

  it("a consumer file type-checks against the shipped declarations (test/types/consumer.ts, @ts-expect-error lines included)", async () => {
    cpSync(path.join(ROOT, "test", "types", "consumer.ts"), path.join(project, "consumer.ts"));
    const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], skipLibCheck: false }, files: ["consumer.ts"] };
    writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    const r = await run("npx", ["--no-install", "tsc", "-p", "tsconfig.json"]);
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
