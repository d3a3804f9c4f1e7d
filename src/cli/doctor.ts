// `torch-conformance doctor`: says whether the oracle (real PyTorch) is usable here, and if not, what to do.
// It only diagnoses: it never provisions or changes anything (that is `torch-conformance provision`).
import { Command } from "commander";
import { oracleAdvice, resolveOraclePython, startOracle, ORACLE_SCRIPT } from "../oracle/index.ts";
import { REFERENCE_TORCH, type SupportedTorch } from "../oracle/provision.ts";
import { torchOption } from "./engine-options.ts";

export async function doctor(row: SupportedTorch = REFERENCE_TORCH): Promise<number> {
  const where = resolveOraclePython(undefined, process.env, row);
  let oracle;
  try {
    oracle = await startOracle({ python: where.source === "option" ? where.python : undefined, torch: row });
  } catch (err) {
    console.error(`error: ${oracleAdvice(err, where, row)}`);
    return 1;
  }
  try {
    const h = oracle.handshake;
    const rows: [string, string][] = [
      ["torch", `${h.torch} (git ${h.gitVersion})`],
      ["CPU capability", String(h.cpuCapability)],
      ["threads", String(h.threads)],
      ["python", `${h.python} (${where.python}${where.source === "TORCH_CONFORMANCE_PYTHON" ? ", from TORCH_CONFORMANCE_PYTHON" : ""})`],
      ["schema", `${h.schema} (protocol ${h.protocol})`],
      ["venv", where.venv ?? "(not used: TORCH_CONFORMANCE_PYTHON is set)"],
      ["oracle", ORACLE_SCRIPT],
    ];
    console.log(`the oracle is usable: ${oracle.name}`);
    for (const [k, v] of rows) console.log(`  ${k.padEnd(15)}${v}`);
    return 0;
  } finally {
    await oracle.close();
  }
}

export function doctorCommand(): Command {
  return new Command("doctor")
    .description("check that the PyTorch oracle is usable and print its handshake (diagnoses only; `provision` sets it up)")
    .addOption(torchOption("to check"))
    .action(async (o: { torch: SupportedTorch }) => {
      process.exitCode = await doctor(o.torch);
    });
}
