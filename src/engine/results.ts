import type { CriticalPoint } from '../objectives/landscape';
import type { ScheduleSpec } from '../optimizers/schedules';
import type { ResolvedSpec } from '../spec/spec';

/** How many runs ended in one class, and which share of all runs. */
export interface ClassCount {
  count: number;
  fraction: number;
}

/** A known minimum and the runs that ended in it. */
export interface BasinCount extends ClassCount {
  label: string;
  x: number;
  y: number;
  value: number;
}

/** Loss quantiles over the runs that had not diverged, through time. */
export interface QuantileSeries {
  /** The step of each record: 0, every, 2 every, ..., steps. */
  steps: number[];
  /** The quantile levels, e.g. [0.1, 0.5, 0.9]. */
  levels: number[];
  /** values[record][level]; null where no run was left. */
  values: (number | null)[][];
  /** Runs that had not diverged at each record. */
  live: number[];
}

/** Everything one optimizer's runs produced. */
export interface OptimizerResult {
  id: string;
  label: string;
  hyper: Record<string, number>;
  schedule: ScheduleSpec;
  runs: number;
  /** Final positions, interleaved (x0, y0, x1, y1, ...), float32. */
  final: Float32Array;
  /** Loss at each final position. */
  loss: Float32Array;
  /** Step at which a run diverged; 0 for runs that did not. */
  divergedAt: Uint32Array;
  /** Steps a run took to converge for good; 0 if it did not converge. */
  convergedAt: Uint32Array;
  /** Class of each run: index of a minimum, then other, then diverged. */
  basin: Uint32Array;
  basins: BasinCount[];
  other: ClassCount;
  diverged: ClassCount;
  converged: ClassCount & { medianSteps: number | null };
  quantiles: QuantileSeries;
  /** With stochastic weight averaging: the averaged iterates as end points
   * (a run's own end point until averaging starts), classified the same
   * way. Null without SWA. */
  swa:
    | ({ final: Float32Array; basin: Uint32Array } & Pick<
        OptimizerResult,
        'basins' | 'other' | 'diverged'
      >)
    | null;
  /** Sharpness of every end point, and its summary over the runs that
   * did not diverge; null when results were read without it. */
  sharpness: SharpnessResult | null;
  /** Paths of a sample of runs spread over all of them: path j belongs to
   * run runs[j], its point after n steps is points[(j * stride + n) * 2 +
   * xy], NaN after the run diverged (or before the step is reached). */
  trajectories: {
    count: number;
    stride: number;
    runs: Uint32Array;
    points: Float32Array;
  };
  /** Wall time of all steps of this optimizer, and run-steps per second. */
  seconds: number;
  runStepsPerSecond: number;
}

/** The sharpness measures, one value per run each. */
export interface SharpnessPerRun {
  lambdaMax: Float32Array;
  lambdaMin: Float32Array;
  /** lambdaMax + lambdaMin. */
  trace: Float32Array;
  /** |lambda| largest over smallest; Infinity where the Hessian is
   * singular. */
  condition: Float32Array;
  epsSharpness: Float32Array;
  samSharpness: Float32Array;
  localEntropy: Float32Array;
}

export type SharpnessMeasure = keyof SharpnessPerRun;

/** Median and quartiles of one measure. */
export interface Spread {
  median: number;
  q25: number;
  q75: number;
}

export interface SharpnessResult {
  perRun: SharpnessPerRun;
  /** Over the runs that did not diverge; null where none is left. */
  summary: Record<SharpnessMeasure, Spread | null>;
}

export interface ExperimentResult {
  engine: 'webgpu' | 'reference';
  adapter: {
    vendor: string;
    architecture: string;
    description: string;
    isFallbackAdapter: boolean;
  } | null;
  spec: ResolvedSpec['json'];
  landscape: {
    id: string;
    name: string;
    minima: CriticalPoint[];
    saddles: CriticalPoint[];
  };
  /** Start points, interleaved x, y; the same for every optimizer. */
  starts: Float32Array;
  optimizers: OptimizerResult[];
  /** Per known minimum: the share of all starts of all optimizers that
   * ended in it (its basin volume under the start distribution), and its
   * top Hessian eigenvalue. */
  basinVolumes: { label: string; volume: number; lambdaMax: number }[];
  /** Index of the flattest known minimum (smallest top eigenvalue). */
  flattest: number;
}

/** Basin, other, diverged and convergence counts from per-run arrays. */
export function classCounts(
  minima: readonly CriticalPoint[],
  classCountsRaw: ArrayLike<number>,
  convergedAt: Uint32Array,
  runs: number,
): Pick<OptimizerResult, 'basins' | 'other' | 'diverged' | 'converged'> {
  const frac = (count: number) => ({ count, fraction: count / runs });
  const basins = minima.map((m, i) => ({
    label: m.label,
    x: m.x,
    y: m.y,
    value: m.value,
    ...frac(classCountsRaw[i] ?? 0),
  }));
  const steps: number[] = [];
  for (const s of convergedAt) if (s > 0) steps.push(s);
  steps.sort((a, b) => a - b);
  const mid = steps.length >> 1;
  const medianSteps =
    steps.length === 0
      ? null
      : steps.length % 2
        ? steps[mid]!
        : (steps[mid - 1]! + steps[mid]!) / 2;
  return {
    basins,
    other: frac(classCountsRaw[minima.length] ?? 0),
    diverged: frac(classCountsRaw[minima.length + 1] ?? 0),
    converged: { ...frac(steps.length), medianSteps },
  };
}

/**
 * The nearest-rank index of quantile level q among n sorted values, with
 * halves rounded up, in float32 as the GPU computes it.
 */
export function quantileRank(q: number, n: number): number {
  const f = Math.fround;
  return Math.floor(f(f(f(q) * f(Math.max(n, 1) - 1)) + 0.5));
}

/** Steps to converge from the last step at which the test failed. */
export function convergedSteps(
  unconvergedAt: number,
  divergedAt: number,
  steps: number,
): number {
  return divergedAt === 0 && unconvergedAt < steps ? unconvergedAt + 1 : 0;
}

/** Options of reading results. */
export interface ResultOptions {
  /** Measure the sharpness of every end point (default true). */
  sharpness?: boolean;
}

/** One run where it stands now: a single struct read back. */
export interface RunInfo {
  run: number;
  startX: number;
  startY: number;
  x: number;
  y: number;
  loss: number;
  /** Step at which it diverged; 0 if it has not. */
  divergedAt: number;
  /** Steps taken so far. */
  step: number;
}

/** What the page polls while runs advance: small, read back cheaply. */
export interface LiveStats {
  /** Steps taken by every optimizer. */
  step: number;
  optimizers: Pick<
    OptimizerResult,
    'id' | 'label' | 'basins' | 'other' | 'diverged' | 'quantiles'
  >[];
}

/** SWA end points: each run's mean where it has one, else its end point. */
export function swaResult(
  final: Float32Array,
  means: Float32Array,
  divergedAt: Uint32Array,
  minima: readonly CriticalPoint[],
  radius: number,
  classifyPoint: (
    x: number,
    y: number,
    diverged: boolean,
    minima: readonly CriticalPoint[],
    radius: number,
  ) => number,
): NonNullable<OptimizerResult['swa']> {
  const n = divergedAt.length;
  const out = new Float32Array(2 * n);
  const basin = new Uint32Array(n);
  const counts = new Uint32Array(minima.length + 2);
  for (let i = 0; i < n; i++) {
    const has = means[4 * i + 2]! > 0;
    out[2 * i] = has ? means[4 * i]! : final[2 * i]!;
    out[2 * i + 1] = has ? means[4 * i + 1]! : final[2 * i + 1]!;
    const c = classifyPoint(
      out[2 * i]!,
      out[2 * i + 1]!,
      divergedAt[i]! > 0,
      minima,
      radius,
    );
    basin[i] = c;
    counts[c]!++;
  }
  const { basins, other, diverged } = classCounts(
    minima,
    counts,
    new Uint32Array(0),
    n,
  );
  return { final: out, basin, basins, other, diverged };
}

/** Median and quartiles (linear interpolation) of the finite values of
 * the runs that did not diverge. */
export function spreadOf(
  values: Float32Array,
  divergedAt: Uint32Array,
): Spread | null {
  const v: number[] = [];
  values.forEach((x, i) => {
    if (divergedAt[i] === 0 && Number.isFinite(x)) v.push(x);
  });
  if (v.length === 0) return null;
  v.sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = q * (v.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, v.length - 1);
    return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
  };
  return { median: at(0.5), q25: at(0.25), q75: at(0.75) };
}

/** Sharpness per run from the measured eigenvalues and increases. */
export function sharpnessResult(
  m: Omit<SharpnessPerRun, 'trace' | 'condition'>,
  divergedAt: Uint32Array,
): SharpnessResult {
  const n = m.lambdaMax.length;
  const trace = new Float32Array(n);
  const condition = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = m.lambdaMax[i]!;
    const b = m.lambdaMin[i]!;
    trace[i] = a + b;
    const big = Math.max(Math.abs(a), Math.abs(b));
    const small = Math.min(Math.abs(a), Math.abs(b));
    condition[i] = small > 0 ? big / small : Infinity;
  }
  const perRun: SharpnessPerRun = { ...m, trace, condition };
  const summary = {} as Record<SharpnessMeasure, Spread | null>;
  for (const k of Object.keys(perRun) as SharpnessMeasure[]) {
    summary[k] = spreadOf(perRun[k], divergedAt);
  }
  return { perRun, summary };
}

/** Basin volumes and the flattest minimum, across all optimizers. */
export function basinVolumes(
  minima: readonly CriticalPoint[],
  lambdaMaxAtMinima: readonly number[],
  optimizers: readonly Pick<OptimizerResult, 'basins' | 'runs'>[],
): Pick<ExperimentResult, 'basinVolumes' | 'flattest'> {
  const total = optimizers.reduce((s, o) => s + o.runs, 0);
  const volumes = minima.map((m, i) => ({
    label: m.label,
    volume:
      optimizers.reduce((s, o) => s + (o.basins[i]?.count ?? 0), 0) /
      Math.max(1, total),
    lambdaMax: lambdaMaxAtMinima[i]!,
  }));
  let flattest = 0;
  lambdaMaxAtMinima.forEach((l, i) => {
    if (l < lambdaMaxAtMinima[flattest]!) flattest = i;
  });
  return { basinVolumes: volumes, flattest };
}
