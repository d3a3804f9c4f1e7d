// The BatchNorm2d figure: the port's training forward on a (32, 64, 32, 32) float32 input against torch's on the very
// same bytes (scripts/bench_batchnorm.py, one thread, ATEN_CPU_CAPABILITY=default), bit-exact or it does not count.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BatchNorm2d } from "../../src/nn/batchnorm.ts";
import { REPO_ROOT, resolveOraclePython } from "../../src/oracle/index.ts";
import { Generator } from "../../src/random/generator.ts";
import { Tensor } from "../../src/tensor/tensor.ts";

export const BN_SHAPE = [32, 64, 32, 32] as const;
/** Untimed forwards first, on both sides: the port's figure is its steady state once V8 has compiled the kernel. */
export const WARMUP = 2;

export interface BatchNormTiming {
  /** Fastest and median forward, each side. The figure uses the fastest: on a shared machine, interference only ever
   * adds time, so the minimum is the estimate least disturbed by other processes. */
  tsMs: { min: number; median: number };
  torchMs: { min: number; median: number };
  torch: { torch: string; capability: string; threads: number };
  repeats: number;
  /** Output, running_mean and running_var agree bit for bit. */
  bitExact: boolean;
  mismatch: string | null;
}

/** A fixed-seed input: MT19937 (seed 2026) uniform draws scaled to [-4, 4) plus a per-channel offset, in float32. */
export function batchNormInput(): Float32Array {
  const gen = new Generator(2026);
  const [n, c, h, w] = BN_SHAPE;
  const x = new Float32Array(n * c * h * w);
  for (let i = 0; i < x.length; i++) x[i] = gen.uniform53() * 8 - 4 + (Math.floor(i / (h * w)) % c) * 0.25;
  return x;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function firstDifference(name: string, a: Float32Array, b: Float32Array): string | null {
  if (a.length !== b.length) return `${name}: ${a.length} vs ${b.length} elements`;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return `${name}[${i}]: port ${a[i]} vs torch ${b[i]}`;
  return null;
}

/** torch's side: `repeats` timed forwards in the venv's python; its output and running stats as float32. */
function torchForwards(dir: string, repeats: number): { t: { torch: string; capability: string; threads: number; times: number[] }; golden: Float32Array } {
  const [n, c, h, w] = BN_SHAPE;
  const input = path.join(dir, "input.f32");
  const output = path.join(dir, "torch.f32");
  const { python } = resolveOraclePython();
  const script = path.join(REPO_ROOT, "scripts", "bench_batchnorm.py");
  const stdout = execFileSync(python, [script, input, output, ...[n, c, h, w, repeats, WARMUP].map(String)], {
    env: { ...process.env, ATEN_CPU_CAPABILITY: "default", OMP_NUM_THREADS: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bytes = readFileSync(output);
  return { t: JSON.parse(stdout), golden: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
}

/** The port's side: `repeats` timed forwards of a fresh BatchNorm2d, and the first one's module and output. */
function portForwards(data: Float32Array, repeats: number): { times: number[]; y: Tensor; m: BatchNorm2d } {
  const [n, c, h, w] = BN_SHAPE;
  const times: number[] = [];
  let first: { y: Tensor; m: BatchNorm2d } | null = null;
  for (let r = -WARMUP; r < repeats; r++) {
    const m = new BatchNorm2d(BigInt(c));
    const x = new Tensor("float32", [n, c, h, w], data.slice());
    const start = performance.now();
    const y = m.call(x);
    if (r < 0) continue;
    times.push(performance.now() - start);
    first ??= { y, m };
  }
  return { times, ...first! };
}

/** Two rounds, each torch then the port, so both sides meet the same spells of load on a shared machine. */
export function timeBatchNorm2d(repeats: number, rounds = 2): BatchNormTiming {
  const c = BN_SHAPE[1];
  const data = batchNormInput();
  const dir = mkdtempSync(path.join(os.tmpdir(), "tc-bench-bn-"));
  try {
    writeFileSync(path.join(dir, "input.f32"), new Uint8Array(data.buffer));
    const torchTimes: number[] = [];
    const portTimes: number[] = [];
    let mismatch: string | null = null;
    let info = { torch: "", capability: "", threads: 0 };
    for (let round = 0; round < rounds; round++) {
      const { t, golden } = torchForwards(dir, repeats);
      info = { torch: t.torch, capability: t.capability, threads: t.threads };
      torchTimes.push(...t.times);
      const port = portForwards(data, repeats);
      portTimes.push(...port.times);
      const numel = data.length;
      mismatch ??=
        firstDifference("output", port.y.data as Float32Array, golden.subarray(0, numel)) ??
        firstDifference("running_mean", port.m.runningMean!.data as Float32Array, golden.subarray(numel, numel + c)) ??
        firstDifference("running_var", port.m.runningVar!.data as Float32Array, golden.subarray(numel + c, numel + 2 * c));
    }
    return {
      tsMs: { min: Math.min(...portTimes), median: median(portTimes) },
      torchMs: { min: Math.min(...torchTimes), median: median(torchTimes) },
      torch: info,
      repeats: repeats * rounds,
      bitExact: mismatch === null,
      mismatch,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
