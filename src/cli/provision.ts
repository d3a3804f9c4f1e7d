// `torch-conformance provision`: creates or updates the oracle venv (real PyTorch) in the per-user cache, or where
// $TORCH_CONFORMANCE_VENV points (--torch: another supported version's), or with --port the venv of a Python port
// the project verifies (tinygrad). Commands that need a venv do this on their first run; this does it alone.
import { Command, Option } from "commander";
import { TINYGRAD_VENV } from "../adapters/third-party/tinygrad.ts";
import { oracleVenv, provisionVenv, REFERENCE_TORCH, specDir, type SupportedTorch, SUPPORTED_TORCH, type VenvSpec, venvDir } from "../oracle/provision.ts";
import { torchOption } from "./engine-options.ts";

/** The venvs of the Python ports the project verifies, by --port name. */
const PORT_VENVS: Record<string, VenvSpec> = { tinygrad: TINYGRAD_VENV };

const versionsHelp = () =>
  ["Versions (installed size):", ...SUPPORTED_TORCH.map((r) => `  ${r.torch.padEnd(8)} Python ${r.python}, ${r.installedSize}${r === REFERENCE_TORCH ? " (the reference)" : ""}, in ${venvDir(r)}`)].join("\n");

export function provisionCommand(): Command {
  return new Command("provision")
    .description(`create or update the oracle venv of a torch version (default ${REFERENCE_TORCH.torch}, Python ${REFERENCE_TORCH.python}) in ${venvDir()}, or a port's`)
    .addOption(torchOption("to provision"))
    .addOption(new Option("--port <name>", `a Python port's venv instead of the oracle's (tinygrad: ${specDir(TINYGRAD_VENV)})`).choices(Object.keys(PORT_VENVS)).conflicts("torch"))
    .option("--if-possible", "on failure warn and exit 0 (the port and the stored fixtures work without the venv)", false)
    .option("--quiet", "no progress lines", false)
    .addHelpText("after", () => `\n${versionsHelp()}`)
    .action(async (o: { torch: SupportedTorch; port?: string; ifPossible: boolean; quiet: boolean }) => {
      const spec = o.port === undefined ? oracleVenv(o.torch) : PORT_VENVS[o.port]!;
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
