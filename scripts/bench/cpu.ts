// CPU time spent during a measured stretch, by this process and by the oracle's worker process: what tells whether a
// throughput figure is bound by the cores (two here) or by one side waiting on the other.
import { readFileSync } from "node:fs";

/** /proc/<pid>/stat counts in clock ticks, which Linux fixes at 100 per second for user space (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process has used so far; undefined where there is no /proc (not Linux). */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) ": state is field 3
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime: fields 14 and 15
  } catch {
    return undefined;
  }
}

export interface CpuSpent {
  wallSeconds: number;
  /** This process (Node: the judge, the port, sampling, the oracle client). */
  nodeSeconds: number;
  /** The oracle's worker; undefined when it cannot be read. */
  oracleSeconds: number | undefined;
}

/** Runs fn and says how much CPU this process and the worker `pid` used meanwhile. */
export async function measureCpu<T>(oraclePid: number | undefined, fn: () => Promise<T>): Promise<{ value: T; cpu: CpuSpent }> {
  const node = process.cpuUsage();
  const oracle = oraclePid === undefined ? undefined : processCpuSeconds(oraclePid);
  const t0 = performance.now();
  const value = await fn();
  const wallSeconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(node);
  const oracleNow = oraclePid === undefined ? undefined : processCpuSeconds(oraclePid);
  return {
    value,
    cpu: {
      wallSeconds,
      nodeSeconds: (used.user + used.system) / 1e6,
      oracleSeconds: oracle === undefined || oracleNow === undefined ? undefined : oracleNow - oracle,
    },
  };
}

export function describeCpu(c: CpuSpent): string {
  const oracle = c.oracleSeconds === undefined ? "" : `, the oracle ${c.oracleSeconds.toFixed(2)} s`;
  return `CPU: this process ${c.nodeSeconds.toFixed(2)} s${oracle} in ${c.wallSeconds.toFixed(2)} s of wall time`;
}

/**
 * What two idle cores would make of a ratio of rates: each run takes at least the CPU time of its busier process, so
 * the ratio of those times is the ratio the runs would reach with every process on a core of its own and the two
 * sides fully overlapped; undefined without the oracle's times.
 */
export function idleCoresRatio(faster: CpuSpent, slower: CpuSpent): number | undefined {
  if (faster.oracleSeconds === undefined || slower.oracleSeconds === undefined) return undefined;
  return Math.max(faster.nodeSeconds, faster.oracleSeconds) / Math.max(slower.nodeSeconds, slower.oracleSeconds);
}
