// CPU time spent during a measured stretch, by this process and by the oracle's worker process, and how long each
// side's working thread slept meanwhile: what tells whether a throughput figure is bound by the cores (two here) or
// by one side waiting on the other.
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

/**
 * A thread's time on a core and waiting for one (runnable), in seconds, from /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds); undefined where there is none.
 */
function threadSchedule(pid: number, tid = pid): { running: number; runnable: number } | undefined {
  try {
    const [running, runnable] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
    return { running: running! / 1e9, runnable: runnable! / 1e9 };
  } catch {
    return undefined;
  }
}

/**
 * How long a thread slept during a stretch (neither on a core nor waiting for one: blocked on input, a full pipe, a
 * lock or a timer), and how long it was kept from a core by other threads.
 */
export interface Sleep {
  asleep: number;
  runnable: number;
}

function sleepOver(before: ReturnType<typeof threadSchedule>, after: ReturnType<typeof threadSchedule>, wallSeconds: number): Sleep | undefined {
  if (before === undefined || after === undefined) return undefined;
  const runnable = after.runnable - before.runnable;
  return { asleep: Math.max(0, wallSeconds - (after.running - before.running) - runnable), runnable };
}

export interface CpuSpent {
  wallSeconds: number;
  /** This process (Node: the judge, the port, sampling, the oracle client). */
  nodeSeconds: number;
  /** The oracle's worker; undefined when it cannot be read. */
  oracleSeconds: number | undefined;
  /** This process's main thread (the judge's event loop, where the port runs), and the oracle's (single) thread. */
  nodeSleep: Sleep | undefined;
  oracleSleep: Sleep | undefined;
}

/** Runs fn and says how much CPU this process and the worker `pid` used meanwhile. */
export async function measureCpu<T>(oraclePid: number | undefined, fn: () => Promise<T>): Promise<{ value: T; cpu: CpuSpent }> {
  const node = process.cpuUsage();
  const oracle = oraclePid === undefined ? undefined : processCpuSeconds(oraclePid);
  const schedules = () => [threadSchedule(process.pid), oraclePid === undefined ? undefined : threadSchedule(oraclePid)];
  const [nodeThread, oracleThread] = schedules();
  const t0 = performance.now();
  const value = await fn();
  const wallSeconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(node);
  const oracleNow = oraclePid === undefined ? undefined : processCpuSeconds(oraclePid);
  const [nodeThreadNow, oracleThreadNow] = schedules();
  return {
    value,
    cpu: {
      wallSeconds,
      nodeSeconds: (used.user + used.system) / 1e6,
      oracleSeconds: oracle === undefined || oracleNow === undefined ? undefined : oracleNow - oracle,
      nodeSleep: sleepOver(nodeThread, nodeThreadNow, wallSeconds),
      oracleSleep: sleepOver(oracleThread, oracleThreadNow, wallSeconds),
    },
  };
}

export function describeCpu(c: CpuSpent): string {
  const oracle = c.oracleSeconds === undefined ? "" : `, the oracle ${c.oracleSeconds.toFixed(2)} s`;
  return `CPU: this process ${c.nodeSeconds.toFixed(2)} s${oracle} in ${c.wallSeconds.toFixed(2)} s of wall time${describeSleep(c)}`;
}

/** Who waited for whom: each side's thread asleep, and kept from a core by other threads. */
function describeSleep(c: CpuSpent): string {
  if (c.nodeSleep === undefined || c.oracleSleep === undefined) return "";
  const s = (x: number) => `${x.toFixed(2)} s`;
  return (
    `; asleep: this process's main thread ${s(c.nodeSleep.asleep)} (mostly awaiting answers), the oracle ${s(c.oracleSleep.asleep)} (awaiting requests, or room to write); ` +
    `kept from a core by other threads ${s(c.nodeSleep.runnable)} and ${s(c.oracleSleep.runnable)}`
  );
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
