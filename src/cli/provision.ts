// `torch-conformance provision`: creates or updates the oracle venv (real PyTorch) in the per-user cache, or where
// $TORCH_CONFORMANCE_VENV points, or with --port the venv of a Python port the project verifies (tinygrad).
// Commands that need a venv do this on their first run; this does it alone.
import { Command, Option } from "commander";
import { TINYGRAD_VENV } from "../adapters/third-party/tinygrad.ts";
import { oracleVenv, provisionVenv, REFERENCE_TORCH, specDir, type VenvSpec } from "../oracle/provision.ts";

/** The venvs of the Python ports the project verifies, by --port name. */
const PORT_VENVS: Record<string, VenvSpec> = { tinygrad: TINYGRAD_VENV };

export function provisionCommand(): Command {
  return new Command("provision")
    .description(`create or update the oracle venv (torch ${REFERENCE_TORCH.torch}, Python ${REFERENCE_TORCH.python}) in ${specDir(oracleVenv())}, or a port's`)
    .addOption(new Option("--port <name>", `a Python port's venv instead (tinygrad: ${specDir(TINYGRAD_VENV)})`).choices(Object.keys(PORT_VENVS)))
    .option("--if-possible", "on failure warn and exit 0 (the port and the stored fixtures work without the venv)", false)
    .option("--quiet", "no progress lines", false)
    .action(async (o: { port?: string; ifPossible: boolean; quiet: boolean }) => {
      const spec = o.port === undefined ? oracleVenv() : PORT_VENVS[o.port]!;
      try {
        await provisionVenv(spec, { quiet: o.quiet });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (o.ifPossible) {
          console.warn(`warning: the ${spec.label} venv is not set up (the built-in port and stored fixtures still work): ${message}`);
          return;
        }
        console.error(`error: ${message}`);
        process.exitCode = 1;
      }
    });
}
