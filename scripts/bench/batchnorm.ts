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

export function timeBatchNorm2d(repeats: number): BatchNormTiming {
  const [n, c, h, w] = BN_SHAPE;
  const data = batchNormInput();
  const dir = mkdtempSync(path.join(os.tmpdir(), "tc-bench-bn-"));
  try {
    const input = path.join(dir, "input.f32");
    const output = path.join(dir, "torch.f32");
    writeFileSync(input, new Uint8Array(data.buffer));
    const { python } = resolveOraclePython();
    const script = path.join(REPO_ROOT, "scripts", "bench_batchnorm.py");
    const stdout = execFileSync(python, [script, input, output, ...[n, c, h, w, repeats, WARMUP].map(String)], {
      env: { ...process.env, ATEN_CPU_CAPABILITY: "default", OMP_NUM_THREADS: "1" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const t = JSON.parse(stdout) as { torch: string; capability: string; threads: number; medianMs: number; minMs: number };
    const bytes = readFileSync(output);
    const golden = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

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
    const numel = data.length;
    const mismatch =
      firstDifference("output", first!.y.data as Float32Array, golden.subarray(0, numel)) ??
      firstDifference("running_mean", first!.m.runningMean!.data as Float32Array, golden.subarray(numel, numel + c)) ??
      firstDifference("running_var", first!.m.runningVar!.data as Float32Array, golden.subarray(numel + c, numel + 2 * c));
    return {
      tsMs: { min: Math.min(...times), median: median(times) },
      torchMs: { min: t.minMs, median: t.medianMs },
      torch: { torch: t.torch, capability: t.capability, threads: t.threads },
      repeats,
      bitExact: mismatch === null,
      mismatch,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
