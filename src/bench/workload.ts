/**
 * The work every contender does: Adam on Rosenbrock from the same seeded
 * uniform starts over Rosenbrock's bounds, the same number of steps, and
 * the parity check that compares their final positions.
 */
import type { ExperimentSpec, OptimizerSpec } from '../spec/spec';
import { generateStarts } from '../spec/starts';
import { resolveSpec } from '../spec/validate';

/** The landscape and Adam's settings, shared by Basins and every peer. */
export interface Workload {
  /** Rosenbrock's a and b. */
  a: number;
  b: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Keys the uniform starts. */
  seed: number;
}

export const WORKLOAD: Workload = {
  a: 1,
  b: 100,
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  seed: 1,
};

/**
 * A Basins spec for `runs` runs of one optimizer on Rosenbrock. Loss
 * quantiles are recorded only at the start and at step `steps`, and no
 * trajectory is kept, so that the timed steps are the fused kernel alone.
 */
export function rosenbrockSpec(
  w: Workload,
  optimizer: OptimizerSpec,
  runs: number,
  steps: number,
): ExperimentSpec {
  return {
    landscape: { id: 'rosenbrock', params: { a: w.a, b: w.b } },
    optimizers: [optimizer],
    starts: { kind: 'uniform', count: runs },
    steps,
    seed: w.seed,
    record: { every: steps, trajectories: 0 },
  };
}

/** Adam with the workload's hyperparameters, as a spec entry. */
export function adamEntry(w: Workload): OptimizerSpec {
  return {
    id: 'adam',
    hyper: { lr: w.lr, beta1: w.beta1, beta2: w.beta2, eps: w.eps },
  };
}

/** The float32 starts (x0, y0, x1, y1, ...) that Basins would use. */
export function workloadStarts(w: Workload, runs: number): Float32Array {
  const spec = resolveSpec(rosenbrockSpec(w, adamEntry(w), runs, 1));
  return generateStarts(spec.starts, spec.seed);
}

/**
 * Adam's per-step constants for t = 1 ... steps, as adam.consts computes
 * them: step = lr / (1 - beta1^t) and invSqrtBc2 = 1 / sqrt(1 - beta2^t).
 */
export function adamStepConstants(
  w: Workload,
  steps: number,
): { step: Float64Array; invSqrtBc2: Float64Array } {
  const step = new Float64Array(steps);
  const invSqrtBc2 = new Float64Array(steps);
  for (let k = 0; k < steps; k++) {
    step[k] = w.lr / (1 - w.beta1 ** (k + 1));
    invSqrtBc2[k] = 1 / Math.sqrt(1 - w.beta2 ** (k + 1));
  }
  return { step, invSqrtBc2 };
}

/**
 * The plain JavaScript peer: Adam on Rosenbrock in Float64, one run after
 * the other with position and moments in locals (the fastest order for a
 * single thread), the step constants computed once per step as Basins
 * does. It computes exactly what the Float64 twins (rosenbrock.valueGrad
 * and adam.update) compute. Returns the final positions, interleaved.
 */
export function adamRosenbrockFloat64(
  w: Workload,
  starts: Float32Array,
  steps: number,
): Float64Array {
  const n = starts.length / 2;
  const out = new Float64Array(2 * n);
  const { step, invSqrtBc2 } = adamStepConstants(w, steps);
  const { a, b, beta1, beta2, eps } = w;
  for (let i = 0; i < n; i++) {
    let x = starts[2 * i]!;
    let y = starts[2 * i + 1]!;
    let mx = 0;
    let vx = 0;
    let my = 0;
    let vy = 0;
    for (let k = 0; k < steps; k++) {
      // gradient, as rosenbrock.valueGrad
      const d = a - x;
      const e = y - x * x;
      const be = b * e;
      const gx = -2 * d - 4 * x * be;
      const gy = 2 * be;
      // update, as adam.update; its lr * wd * x term is 0 and subtracting
      // 0 changes no finite value, so it is left out
      mx = beta1 * mx + (1 - beta1) * gx;
      vx = beta2 * vx + (1 - beta2) * gx * gx;
      my = beta1 * my + (1 - beta1) * gy;
      vy = beta2 * vy + (1 - beta2) * gy * gy;
      const s = step[k]!;
      const r = invSqrtBc2[k]!;
      x = x - s * (mx / (Math.sqrt(vx) * r + eps));
      y = y - s * (my / (Math.sqrt(vy) * r + eps));
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/** Allowed difference of a final coordinate: atol + rtol * |reference|. */
export interface ParityTolerance {
  atol: number;
  rtol: number;
}

/** The outcome of comparing a peer's final positions with Basins'. */
export interface Parity {
  /** Largest |peer - basins| over every coordinate of every run. */
  maxAbsDiff: number;
  /** Coordinates outside the tolerance (non-finite ones included). */
  mismatches: number;
  compared: number;
  tolerance: ParityTolerance;
  pass: boolean;
  /** The worst coordinate, to start an investigation from. */
  worst: { index: number; peer: number; basins: number } | null;
}

/** Compares final positions coordinate by coordinate. */
export function checkParity(
  peer: ArrayLike<number>,
  basins: ArrayLike<number>,
  tolerance: ParityTolerance,
): Parity {
  if (peer.length !== basins.length) {
    throw new RangeError(
      `parity: ${peer.length} peer values against ${basins.length}`,
    );
  }
  let maxAbsDiff = 0;
  let mismatches = 0;
  let worst: Parity['worst'] = null;
  for (let i = 0; i < basins.length; i++) {
    const p = peer[i]!;
    const q = basins[i]!;
    const diff = Math.abs(p - q);
    const ok =
      Number.isFinite(p) &&
      Number.isFinite(q) &&
      diff <= tolerance.atol + tolerance.rtol * Math.abs(q);
    if (!ok) mismatches++;
    // NaN compares false: a non-finite pair always becomes the worst
    if (!(diff <= maxAbsDiff)) {
      maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
      worst = { index: i, peer: p, basins: q };
    }
  }
  return {
    maxAbsDiff,
    mismatches,
    compared: basins.length,
    tolerance,
    pass: mismatches === 0,
    worst,
  };
}
