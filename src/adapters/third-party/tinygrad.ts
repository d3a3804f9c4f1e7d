// tinygrad as a port under test: examples/tinygrad-port/tinygrad_port.py (the Python kit's mapping of tinygrad's
// layers) run by the python of its own venv, which is provisioned like the oracle's (src/oracle/provision.ts) from
// examples/tinygrad-port/requirements.txt. tinygrad's CPU device compiles its kernels with clang.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../../package-root.ts";
import { provisionVenv, specDir, venvPython, type VenvSpec } from "../../oracle/provision.ts";

export const TINYGRAD_VENV: VenvSpec = {
  label: "tinygrad port",
  name: "tinygrad-0.14.0-3.11",
  envVar: "TORCH_CONFORMANCE_TINYGRAD_VENV",
  python: "3.11",
  requirements: "examples/tinygrad-port/requirements.txt",
  probe: ["tinygrad"],
};

/** A batch's time limit unless --timeout says otherwise: tinygrad schedules (and, the first time, compiles with clang)
 * kernels for every tensor it reads, about half a second a case here, so a batch of 250 cases takes minutes. */
export const TINYGRAD_BATCH_TIMEOUT_MS = 1_200_000;

export const TINYGRAD_PORT_SCRIPT = path.join(PACKAGE_ROOT, "examples", "tinygrad-port", "tinygrad_port.py");

const NO_CLANG = "no clang on PATH (tinygrad's CPU device compiles its kernels with it): apt-get install clang";
const hasClang = () => spawnSync("clang", ["--version"]).status === 0;

/** Why the tinygrad port cannot run here without installing anything (no clang, no venv), or null when it can. */
export function tinygradMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!hasClang()) return NO_CLANG;
  const python = venvPython(specDir(TINYGRAD_VENV, env));
  if (!existsSync(python)) return `no tinygrad venv at ${specDir(TINYGRAD_VENV, env)}: npm run provision -- --port tinygrad`;
  return null;
}

/** The worker command of the tinygrad port, its venv provisioned first (a quick check when it is current). */
export async function tinygradCommand(): Promise<string> {
  if (!hasClang()) throw new Error(`--impl tinygrad: ${NO_CLANG}`);
  const { python } = await provisionVenv(TINYGRAD_VENV);
  return `"${python}" "${TINYGRAD_PORT_SCRIPT}"`;
}
