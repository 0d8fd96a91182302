/**
 * What a network experiment returns, from the GPU engine and from the
 * Float64 reference alike, and the small reductions both share.
 */
import type { QuantileSeries } from '../engine/results';
import type { ScheduleSpec } from '../optimizers/schedules';
import type { Task } from './datasets';
import type { NetworkSpec } from './spec';

/** Quantiles of a per-network loss at each record, diverged networks left
 * out: the 2D engine's series. */
export type LossQuantiles = QuantileSeries;

/** Per-network sharpness of the final networks (NaN where diverged). */
export interface NetSharpnessResult {
  lambdaMax: Float64Array;
  trace: Float64Array;
  epsSharpness: Float64Array;
  /** Medians over the networks that did not diverge. */
  median: { lambdaMax: number; trace: number; epsSharpness: number };
}

/** The results of one optimizer lane. */
export interface NetLaneResult {
  id: string;
  label: string;
  hyper: Record<string, number>;
  schedule: ScheduleSpec;
  batchSize: number;
  runs: number;
  /** Mean training loss of each final network (no penalty). */
  trainLoss: Float64Array;
  testLoss: Float64Array;
  /** Shares classified right; NaN for regression datasets. */
  trainAccuracy: Float64Array;
  testAccuracy: Float64Array;
  /** Generalization gap: test loss minus training loss. */
  gap: Float64Array;
  /** The step whose update went non-finite, 0 for networks that did not. */
  divergedAt: Uint32Array;
  diverged: number;
  /** Medians over the networks that did not diverge. */
  median: {
    trainLoss: number;
    testLoss: number;
    trainAccuracy: number;
    testAccuracy: number;
    gap: number;
  };
  trainQuantiles: LossQuantiles;
  testQuantiles: LossQuantiles;
  sharpness: NetSharpnessResult | null;
  /** Wall time of the training steps (records included). */
  seconds: number;
  networkStepsPerSecond: number;
}

/** The results of a network experiment. */
export interface NetExperimentResult {
  engine: 'webgpu' | 'reference';
  adapter?: { vendor: string; architecture: string; description: string };
  spec: NetworkSpec;
  dataset: { kind: string; task: Task; nTrain: number; nTest: number };
  parameters: number;
  lanes: NetLaneResult[];
}

/** The value of nearest rank floor(q (n - 1) + 1/2) of sorted values, as
 * the GPU's radix selection picks it. */
export function nearestRank(sorted: readonly number[], q: number): number {
  const r = Math.floor(q * (Math.max(sorted.length, 1) - 1) + 0.5);
  return sorted[r]!;
}

/** The median of the finite values among those kept, or NaN. */
export function medianOf(
  values: ArrayLike<number>,
  keep: (i: number) => boolean = () => true,
): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (keep(i) && Number.isFinite(values[i]!)) v.push(values[i]!);
  }
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : 0.5 * (v[m - 1]! + v[m]!);
}

/** Medians of the final measures over the networks that did not diverge. */
export function laneMedians(
  r: Pick<
    NetLaneResult,
    | 'trainLoss'
    | 'testLoss'
    | 'trainAccuracy'
    | 'testAccuracy'
    | 'gap'
    | 'divergedAt'
  >,
): NetLaneResult['median'] {
  const live = (i: number) => r.divergedAt[i] === 0;
  return {
    trainLoss: medianOf(r.trainLoss, live),
    testLoss: medianOf(r.testLoss, live),
    trainAccuracy: medianOf(r.trainAccuracy, live),
    testAccuracy: medianOf(r.testAccuracy, live),
    gap: medianOf(r.gap, live),
  };
}
