import type { Bounds, Landscape } from '../objectives/landscape';
import type { Optimizer } from '../optimizers/optimizer';
import type { Oracle } from '../oracles/oracle';
import type { ScheduleSpec } from '../optimizers/schedules';
import type { SharpnessSettings } from '../reference/sharpness';

/** The version of the spec format this code reads and writes. */
export const SPEC_VERSION = 1;

/** Where the runs start; every optimizer starts from the same starts. */
export type StartsSpec =
  /** Cell centres of an nx by ny grid over the bounds (row by row, y up). */
  | { kind: 'grid'; nx: number; ny: number; bounds?: Bounds }
  /** Uniform random points in the bounds, keyed by the seed. */
  | { kind: 'uniform'; count: number; bounds?: Bounds }
  /** Gaussian points around a mean with one standard deviation. */
  | { kind: 'gaussian'; count: number; mean: [number, number]; std: number }
  /** An explicit list of points. */
  | { kind: 'list'; points: [number, number][] };

/** One optimizer of an experiment and its settings. */
export interface OptimizerSpec {
  id: string;
  /** Hyperparameters; those left out take the optimizer's defaults. */
  hyper?: Record<string, number>;
  schedule?: ScheduleSpec;
  /**
   * How the gradient the optimizer sees is formed: the plain (noisy)
   * gradient by default, or a landscape-aware method such as SAM.
   */
  gradient?: { id: string; hyper?: Record<string, number> };
  /** Stochastic weight averaging: the mean of the iterates taken every
   * `every` steps from step `start` on, reported as its own end point. */
  swa?: { start: number; every?: number };
  /** A name for legends when one optimizer appears twice. */
  label?: string;
}

/** An experiment as a user writes it: plain JSON. */
export interface ExperimentSpec {
  version?: number;
  landscape: { id: string; params?: Record<string, number> };
  optimizers: OptimizerSpec[];
  starts: StartsSpec;
  /** Optimization steps per run. */
  steps: number;
  /** Keys every random number (starts and gradient noise). */
  seed?: number;
  /**
   * Gaussian gradient noise of scale sigma: `isotropic` adds sigma z to the
   * gradient; `hessian` adds sigma |H|^(1/2) z, the shape of mini-batch
   * noise near a minimum (its covariance follows the curvature), which
   * makes sharp minima hotter than flat ones.
   */
  noise?: { sigma: number; model?: 'isotropic' | 'hessian' };
  record?: {
    /** Loss quantiles are recorded every this many steps (and at the end). */
    every?: number;
    /** Full trajectories are kept for the first this many runs. */
    trajectories?: number;
    /** Quantile levels in [0, 1]. */
    quantiles?: number[];
  };
  convergence?: {
    /** A run has converged once its gradient norm stays at most this... */
    gradTol?: number;
    /** ...and its loss changes by at most this relative to 1 + |loss|. */
    lossTol?: number;
  };
  /** A run diverges when it goes non-finite or leaves the bounds widened
   * by `escape` times their size on every side. */
  divergence?: { escape?: number };
  /** Radius for "ended in this minimum"; the landscape's own by default. */
  basinRadius?: number;
  /** Settings of the sharpness measures taken at every end point. */
  sharpness?: Partial<SharpnessSettings>;
}

/** An optimizer entry after validation: the definition and all values. */
export interface ResolvedOptimizer {
  def: Optimizer;
  label: string;
  hyper: Record<string, number>;
  schedule: ScheduleSpec;
  oracle: Oracle;
  oracleHyper: Record<string, number>;
  swa: { start: number; every: number } | null;
}

/** A validated experiment with every default filled in. */
export interface ResolvedSpec {
  /** The spec as JSON with defaults filled in, ready to share. */
  json: Required<Omit<ExperimentSpec, 'basinRadius' | 'sharpness'>> & {
    basinRadius: number;
    sharpness: SharpnessSettings;
  };
  landscape: Landscape;
  landscapeParams: Record<string, number>;
  optimizers: ResolvedOptimizer[];
  starts: StartsSpec;
  /** Number of runs per optimizer (the number of starts). */
  runs: number;
  steps: number;
  seed: number;
  noiseSigma: number;
  noiseModel: 'isotropic' | 'hessian';
  recordEvery: number;
  trajectories: number;
  quantiles: number[];
  gradTol: number;
  lossTol: number;
  /** The box outside which a run counts as diverged. */
  escapeBox: Bounds;
  basinRadius: number;
  sharpness: SharpnessSettings;
}

/** Hard limits of the engine; a spec beyond them is refused with a message. */
export const LIMITS = {
  maxRuns: 16_777_216,
  maxTotalRuns: 33_554_432,
  maxSteps: 1_000_000,
  maxOptimizers: 16,
  maxQuantiles: 8,
  maxTrajectoryPoints: 4_194_304,
  maxCoordinate: 1e30,
} as const;

/** The steps at which loss quantiles are recorded: 0, every, ..., steps. */
export function recordSteps(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < steps; s += every) out.push(s);
  out.push(steps);
  return out;
}
