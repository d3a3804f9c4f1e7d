// One actionable sentence for why the oracle cannot be used, from the error startOracle() threw.
import { HandshakeError } from "./handshake.ts";
import { OracleSetupError, type OraclePython } from "./oracle.ts";
import { provisionCommandFor, REFERENCE_TORCH, type SupportedTorch } from "./provision.ts";

/** The last non-blank stderr line, shortened: enough to name the cause in one sentence. */
function lastStderr(err: HandshakeError): string {
  const line = [...(err.details.stderr ?? [])].reverse().find((l) => l.trim() !== "");
  return line ? `; it said: ${line.trim().slice(0, 200)}` : "";
}

/** `row`: the torch version the oracle was started for. */
export function oracleAdvice(err: unknown, where: OraclePython, row: SupportedTorch = REFERENCE_TORCH): string {
  const { python, source } = where;
  const PROVISION = `run \`${provisionCommandFor(row)}\` to (re)create the oracle venv`;
  if (err instanceof OracleSetupError) {
    if (err.kind === "no-venv") return `The oracle venv ${where.venv} does not exist: ${PROVISION}.`;
    if (source === "TORCH_CONFORMANCE_PYTHON") {
      return `TORCH_CONFORMANCE_PYTHON is set to ${python}, which does not exist: point it at a Python that has torch ${row.torch}, or unset it to use the oracle venv.`;
    }
    return `The oracle python ${python} does not exist: ${PROVISION}.`;
  }
  if (!(err instanceof HandshakeError)) return `The oracle failed unexpectedly (${(err as Error)?.message ?? String(err)}): ${PROVISION}, and report this if it persists.`;
  switch (err.kind) {
    case "spawn":
      return source === "TORCH_CONFORMANCE_PYTHON"
        ? `TORCH_CONFORMANCE_PYTHON is set to ${python}, which cannot be run (${err.message}): point it at a Python that has torch ${row.torch}, or unset it.`
        : `Python ${python} cannot be run (${err.message}): ${PROVISION}.`;
    case "exited":
      return `The oracle exited before its handshake${lastStderr(err)}: ${PROVISION}.`;
    case "timeout":
      return `The oracle sent no handshake in time (${err.message}): check that \`${python} -c "import torch"\` works, or ${PROVISION}.`;
    case "invalid":
      return `The oracle's handshake is malformed (${err.message}): make sure reference-py/oracle.py is the project's own and ${PROVISION}.`;
    case "mismatch": {
      const torch = err.details.mismatches?.find((m) => m.field === "torch");
      if (torch) return `The oracle runs torch ${err.details.handshake?.torch ?? torch.got} but torch ${row.torch} is required: ${PROVISION}.`;
      const what = (err.details.mismatches ?? []).map((m) => `${m.field} is ${m.got}, expected ${m.expected}`).join(", ");
      return `The oracle is not in the reference configuration (${what}): check ATEN_CPU_CAPABILITY and thread settings, or ${PROVISION}.`;
    }
  }
}
