// Drives a protocol worker with a corpus of hostile lines and checks what the protocol promises whatever comes in:
// exactly one answer per line, in order (an answer carries the line's own id or null), every answer valid per the
// schema, and the worker alive at the end (it still runs a well-formed case, in the same process). It reports the
// figures: lines sent and answered, answers by kind, the worker's peak RSS and the time taken.
import { readFileSync } from "node:fs";
import type { Response } from "../case/index.ts";
import { validateResponse } from "../case/index.ts";
import { respondLine } from "../adapters/builtin/serve.ts";
import type { WorkerClient } from "../oracle/index.ts";
import { idOfLine } from "./hostile-lines.ts";

export interface FuzzTarget {
  readonly name: string;
  /** Answers to the lines, one per line, in order. */
  send(lines: readonly Buffer[]): Promise<Response[]>;
  /** The process answering, if it is one (checked unchanged at the end). */
  pid(): number | undefined;
  /** Peak resident set size in MiB, where the platform tells it. */
  peakRssMiB(): number | undefined;
}

export interface FuzzReport {
  target: string;
  sent: number;
  answered: number;
  /** Answers by type and code, e.g. "result", "rejected/limit". */
  kinds: Record<string, number>;
  /** Each line's answer as "result" or its rejection code, in line order (to compare two workers line by line). */
  lineKinds: string[];
  peakRssMiB: number | undefined;
  seconds: number;
  /** What broke a promise (empty when all held); the first 20. */
  problems: string[];
}

/** VmHWM of a process (Linux /proc), in MiB. */
function procPeakRssMiB(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? undefined : Number(m[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** A worker behind the client (the oracle, `torch-conformance serve`, any port speaking the protocol). */
export function workerTarget(name: string, client: WorkerClient): FuzzTarget {
  return { name, send: (lines) => client.sendRaw(lines), pid: () => client.pid, peakRssMiB: () => procPeakRssMiB(client.pid) };
}

/** The built-in port in this process, line by line as `serve` answers. */
export const builtinTarget: FuzzTarget = {
  name: "builtin (in process)",
  send: async (lines) => lines.map((line) => validated(respondLine(line))),
  pid: () => undefined,
  peakRssMiB: () => process.resourceUsage().maxRSS / 1024,
};

function validated(answer: Response): Response {
  const valid = validateResponse(answer);
  if (!valid.ok) throw new Error(`invalid answer ${JSON.stringify(answer).slice(0, 200)}: ${JSON.stringify(valid.issues)}`);
  return answer;
}

export async function fuzz(target: FuzzTarget, lines: readonly Buffer[], probe: Buffer, chunk = 250): Promise<FuzzReport> {
  const started = performance.now();
  const pid = target.pid();
  const kinds: Record<string, number> = {};
  const lineKinds: string[] = [];
  const problems: string[] = [];
  let answered = 0;
  for (let start = 0; start < lines.length; start += chunk) {
    const part = lines.slice(start, start + chunk);
    const answers = await target.send(part);
    if (answers.length !== part.length) problems.push(`lines ${start}..${start + part.length - 1}: ${answers.length} answers to ${part.length} lines`);
    answers.forEach((answer, k) => {
      answered += 1;
      const kind = answer.type === "rejected" ? `rejected/${answer.code}` : answer.type;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      lineKinds.push(answer.type === "rejected" ? answer.code : answer.type);
      const own = idOfLine(part[k]!);
      if (answer.id !== null && answer.id !== own) problems.push(`line ${start + k}: answered with id ${JSON.stringify(answer.id)}, the line's is ${JSON.stringify(own)}`);
      if (answer.type === "rejected" && answer.code === "internal") problems.push(`line ${start + k}: internal error: ${answer.message}`);
    });
  }
  const [last] = await target.send([probe]);
  if (last?.type !== "result") problems.push(`the well-formed line after the corpus was not run: ${JSON.stringify(last).slice(0, 300)}`);
  if (target.pid() !== pid) problems.push(`the worker was replaced (process ${pid}, now ${target.pid()})`);
  return { target: target.name, sent: lines.length, answered, kinds, lineKinds, peakRssMiB: target.peakRssMiB(), seconds: (performance.now() - started) / 1000, problems: problems.slice(0, 20) };
}

/** One Markdown table row per report. */
export function fuzzTable(reports: readonly FuzzReport[]): string {
  const rows = reports.map((r) => {
    const kinds = Object.entries(r.kinds).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(", ");
    return `| ${r.target} | ${r.sent} | ${r.answered} | ${r.peakRssMiB === undefined ? "n/a" : `${Math.round(r.peakRssMiB)} MiB`} | ${r.seconds.toFixed(1)} s | ${kinds} |`;
  });
  return ["| target | lines sent | answered | peak RSS | time | answers |", "|---|---|---|---|---|---|", ...rows].join("\n");
}
