// The oracle: reference-py/oracle.py (real PyTorch) run by the venv python of the selected torch version (the reference
// 2.13.0 unless asked otherwise), as a WorkerClient whose handshake must show that version, CPU capability DEFAULT and
// one thread.
import { existsSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../package-root.ts";
import { provisionCommandFor, provisionOracle, REFERENCE_TORCH, type SupportedTorch, venvDir, venvPython } from "./provision.ts";
import { oracleExpectations, type HandshakeExpectations } from "./handshake.ts";
import { WorkerClient, type WorkerClientOptions } from "./worker-client.ts";

export const REPO_ROOT = PACKAGE_ROOT;
export const ORACLE_SCRIPT = path.join(REPO_ROOT, "reference-py", "oracle.py");

export interface OraclePython {
  python: string;
  /** Where the choice came from. */
  source: "option" | "TORCH_CONFORMANCE_PYTHON" | "venv";
  /** The venv directory when source is "venv" (TORCH_CONFORMANCE_VENV, else the per-user cache: see provision.ts). */
  venv: string | undefined;
}

/** The python that runs the oracle: an explicit one, else $TORCH_CONFORMANCE_PYTHON, else the venv's of the version. */
export function resolveOraclePython(explicit?: string, env: NodeJS.ProcessEnv = process.env, row: SupportedTorch = REFERENCE_TORCH): OraclePython {
  if (explicit) return { python: explicit, source: "option", venv: undefined };
  const fromEnv = env.TORCH_CONFORMANCE_PYTHON;
  if (fromEnv) return { python: fromEnv, source: "TORCH_CONFORMANCE_PYTHON", venv: undefined };
  const venv = venvDir(row, env);
  return { python: venvPython(venv), source: "venv", venv };
}

/** The oracle cannot be started as configured (before any process is spawned). */
export class OracleSetupError extends Error {
  constructor(
    readonly kind: "no-venv" | "no-python",
    message: string,
  ) {
    super(message);
    this.name = "OracleSetupError";
  }
}

export interface OracleOptions extends Omit<WorkerClientOptions, "command" | "args" | "expect"> {
  /** Python to run oracle.py with (default: see resolveOraclePython). */
  python?: string;
  /** The torch version to run (a SUPPORTED_TORCH row; default the reference): its venv, and what the handshake must say. */
  torch?: SupportedTorch;
  /** Overrides single checks of oracleExpectations (set one to undefined to skip it; UNPINNED skips the pins). */
  expect?: Partial<HandshakeExpectations>;
  /**
   * Create or refresh the oracle venv first when it is the python in use (provision.ts: a quick check when it is
   * current, a pip install of the requirements on a first run, progress on stderr). A version other than the
   * reference is only refreshed, never created here.
   * Commands that need the oracle pass true; `doctor` does not (it only diagnoses).
   */
  provision?: boolean;
}

/** Starts the oracle and checks its handshake; throws OracleSetupError or HandshakeError with the reason. */
export async function startOracle(opts: OracleOptions = {}): Promise<WorkerClient> {
  const { python: explicit, torch: row = REFERENCE_TORCH, expect, env, provision, ...rest } = opts;
  const { python, source, venv } = resolveOraclePython(explicit, process.env, row);
  // Another version is made only on request (`provision --torch`): it may be a multi-GB download.
  if (provision === true && source === "venv" && (row === REFERENCE_TORCH || existsSync(python))) await provisionOracle({ row });
  if (source === "venv" && !existsSync(python)) {
    throw new OracleSetupError("no-venv", `the oracle venv ${venv} (torch ${row.torch}) does not exist: run \`${provisionCommandFor(row)}\` to create it`);
  }
  if (path.isAbsolute(python) && !existsSync(python)) {
    throw new OracleSetupError("no-python", `the oracle python ${python} (${source}) does not exist`);
  }
  const client = await WorkerClient.start({
    name: (h) => `torch ${h.torch}`,
    ...rest,
    command: python,
    args: [ORACLE_SCRIPT],
    // oracle.py sets this itself before importing torch; passing it too keeps a stray parent setting out.
    env: { ...env, ATEN_CPU_CAPABILITY: "default" },
    expect: { ...oracleExpectations(row.torch), ...expect },
  });
  return client;
}
