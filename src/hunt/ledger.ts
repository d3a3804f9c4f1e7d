// docs/hunts.md, the record of finished hunts: one table row per complete pass over a plan's seeds, appended at the
// end of the file (the table is its last section). What fixed a disagreement is known only later: the row says
// "open" and the fixing commit is written in by whoever fixes it.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { planTotal, seedsLabel } from "./plan.ts";
import type { HuntState } from "./state.ts";

export const LEDGER_HEADER = [
  "| finished (UTC) | seeds | cases | torch (git), CPU capability, threads | port commit | disagreements | fixed in |",
  "|---|---|---|---|---|---|---|",
];

const escapeCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const thousands = (n: number) => n.toLocaleString("en-US");

/** One row for a complete hunt. */
export function ledgerRow(state: HuntState, finishedAt: Date): string {
  const commits = [...new Set(state.seeds.map((r) => r.commit))];
  const found = state.seeds.filter((r) => r.disagreement !== null);
  const disagreements = found.length === 0
    ? "none"
    : found.map((r) => `seed ${r.seed} case ${r.disagreement!.index} (${r.disagreement!.failedCases} differing): ${r.disagreement!.regression}, ${r.disagreement!.difference}`).join("; ");
  const cells = [
    finishedAt.toISOString().slice(0, 16).replace("T", " "),
    `${seedsLabel(state.plan)} (${thousands(state.plan.casesPerSeed)} each)`,
    thousands(planTotal(state.plan)),
    `${state.torch.version} (${state.torch.git.slice(0, 8)}), ${state.torch.cpuCapability}, ${state.torch.threads}`,
    commits.join(", "),
    disagreements,
    found.length === 0 ? "-" : "open",
  ];
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}

/** Appends the row; a missing ledger is created with the table's header (and a title) first. */
export function appendLedgerRow(file: string, row: string): void {
  if (!existsSync(file)) writeFileSync(file, `# Hunts\n\n${LEDGER_HEADER.join("\n")}\n`);
  const text = readFileSync(file, "utf8");
  appendFileSync(file, `${text.endsWith("\n") ? "" : "\n"}${row}\n`);
}
