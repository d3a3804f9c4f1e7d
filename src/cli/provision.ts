// `torch-conformance provision`: creates or updates the oracle venv (real PyTorch) in the per-user cache, or where
// $TORCH_CONFORMANCE_VENV points. Commands that need the oracle do this on their first run; this does it alone.
import { Command } from "commander";
import { provisionOracle, REFERENCE_TORCH, type SupportedTorch, SUPPORTED_TORCH, venvDir } from "../oracle/provision.ts";
import { torchOption } from "./engine-options.ts";

const versionsHelp = () =>
  ["Versions (installed size):", ...SUPPORTED_TORCH.map((r) => `  ${r.torch.padEnd(8)} Python ${r.python}, ${r.installedSize}${r === REFERENCE_TORCH ? " (the reference)" : ""}, in ${venvDir(r)}`)].join("\n");

export function provisionCommand(): Command {
  return new Command("provision")
    .description(`create or update the oracle venv of a torch version (default ${REFERENCE_TORCH.torch}, Python ${REFERENCE_TORCH.python}) in ${venvDir()}`)
    .addOption(torchOption("to provision"))
    .option("--if-possible", "on failure warn and exit 0 (the port and the stored fixtures work without the oracle)", false)
    .option("--quiet", "no progress lines", false)
    .addHelpText("after", () => `\n${versionsHelp()}`)
    .action(async (o: { torch: SupportedTorch; ifPossible: boolean; quiet: boolean }) => {
      try {
        await provisionOracle({ quiet: o.quiet, row: o.torch });
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
