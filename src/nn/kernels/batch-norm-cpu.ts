// ATen's CPU batch_norm forward (torch 2.13.0) as the port runs it: the arithmetic of batch-norm-reference.ts
// (bit-exact with PyTorch in the reference configuration), with the fast paths of batch-norm-fast.ts where they
// give the same bits, which is wherever no result is NaN.
import { applyRowsFast, contiguousStatsFast } from "./batch-norm-fast.ts";
import {
  affineTerms,
  applyRows,
  type BatchStats,
  channelsLastStats,
  contiguousStats,
  countPerChannel,
  evalInvStd,
  type FloatData,
  type Layout,
  trainingInvStd,
  updateRunningStats,
} from "./batch-norm-reference.ts";

export { countPerChannel, evalInvStd, trainingInvStd, updateRunningStats, type BatchStats, type FloatData, type Layout };

/**
 * batch_norm_cpu_collect_stats_kernel. A contiguous input with spatial size 1 ((N, C), (N, C, 1), ...)
 * is also channels-last and takes the channels-last kernel, whose float32 sums are float, not double.
 */
export function batchStats(x: FloatData, layout: Layout): BatchStats {
  return layout.spatial === 1 ? channelsLastStats(x, layout) : (contiguousStatsFast(x, layout) ?? contiguousStats(x, layout));
}

/** alpha = invstd * w, beta = b - mean * alpha, y = x * alpha + beta (w = 1 and b = 0 when absent). */
export function applyAffine(x: FloatData, layout: Layout, mean: FloatData, invstd: FloatData, weight: FloatData | null, bias: FloatData | null): FloatData {
  const { alpha, beta } = affineTerms(x, mean, invstd, weight, bias);
  return applyRowsFast(x, layout, alpha, beta) ?? applyRows(x, layout, alpha, beta);
}

/** Training forward: batch statistics normalise; running stats (when given) are updated in place. */
export function batchNormTraining(
  x: FloatData,
  layout: Layout,
  weight: FloatData | null,
  bias: FloatData | null,
  runningMean: FloatData | null,
  runningVar: FloatData | null,
  momentum: number,
  eps: number,
): FloatData {
  const count = countPerChannel(layout);
  const stats = batchStats(x, layout);
  // ATen asks running_mean.defined() || running_var.defined(); in training both are given or neither (atenBatchNorm,
  // which F.batch_norm and F.instance_norm both reach, raised otherwise), so the first alone answers
  const invstd = trainingInvStd(stats.varSum, count, eps, runningMean !== null);
  updateRunningStats(runningMean, runningVar, stats, count, momentum);
  return applyAffine(x, layout, stats.mean, invstd, weight, bias);
}

/** Eval forward: running statistics normalise; nothing changes. */
export function batchNormEval(
  x: FloatData,
  layout: Layout,
  weight: FloatData | null,
  bias: FloatData | null,
  runningMean: FloatData,
  runningVar: FloatData,
  eps: number,
): FloatData {
  return applyAffine(x, layout, runningMean, evalInvStd(runningVar, eps), weight, bias);
}
