// `torch-conformance provision`: creates or updates the oracle venv (real PyTorch) in the per-user cache, or where
// $TORCH_CONFORMANCE_VENV points. Commands that need the oracle do this on their first run; this does it alone.
import { Command } from "commander";
import { provisionOracle, REFERENCE_TORCH, venvDir } from "../oracle/provision.ts";

export function provisionCommand(): Command {
  return new Command("provision")
    .description(`create or update the oracle venv (torch ${REFERENCE_TORCH.torch}, Python ${REFERENCE_TORCH.python}) in ${venvDir()}`)
    .option("--if-possible", "on failure warn and exit 0 (the port and the stored fixtures work without the oracle)", false)
    .option("--quiet", "no progress lines", false)
    .action(async (o: { ifPossible: boolean; quiet: boolean }) => {
      try {
        await provisionOracle({ quiet: o.quiet });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (o.ifPossible) {
          console.warn(`warning: the PyTorch oracle is not set up (the port and stored fixtures still work): ${message}`);
          return;
        }
        console.error(`error: ${message}`);
        process.exitCode = 1;
      }
    });
}
