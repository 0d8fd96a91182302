/**
 * What the sharpness panel draws, computed from results once per
 * measurement: the included runs, the scales of the axes, histograms,
 * the runs inside a brushed rectangle and the verdict per optimizer.
 * Plain functions over typed arrays, so that the element only draws.
 */
import type {
  ExperimentResult,
  SharpnessMeasure,
  Spread,
} from '../engine/results';

/** A measure the panel can show, with its names and what it means. */
export interface MeasureInfo {
  key: SharpnessMeasure;
  /** For the picker. */
  label: string;
  /** For axes and table heads. */
  short: string;
  doc: string;
}

export const MEASURES: readonly MeasureInfo[] = [
  {
    key: 'lambdaMax',
    label: 'λ_max: top Hessian eigenvalue',
    short: 'λ_max',
    doc: 'The largest curvature at the end point; plain GD at rate lr can only settle where it is below 2/lr.',
  },
  {
    key: 'trace',
    label: 'trace of the Hessian',
    short: 'trace',
    doc: 'The sum of both curvatures at the end point.',
  },
  {
    key: 'epsSharpness',
    label: 'ε-sharpness',
    short: 'ε-sharpness',
    doc: 'The largest rise of the loss in a box of half-width ε around the end point, relative to 1 + |loss| (Keskar et al.).',
  },
  {
    key: 'samSharpness',
    label: 'SAM sharpness',
    short: 'SAM sharpness',
    doc: 'The rise of the loss one step of length ρ up the gradient (Foret et al.).',
  },
  {
    key: 'localEntropy',
    label: 'local entropy (higher: flatter)',
    short: 'local entropy',
    doc: 'log E[exp(−loss)] over Gaussian samples around the end point (Chaudhari et al.): higher means a wider, lower neighbourhood.',
  },
];

export function measureInfo(key: SharpnessMeasure): MeasureInfo {
  return MEASURES.find((m) => m.key === key) ?? MEASURES[0]!;
}

/** The span of an axis, and whether it is logarithmic. */
export interface AxisRange {
  min: number;
  max: number;
  log: boolean;
}

/** A positive span over more than a decade reads best on a log axis. */
export function axisRange(lo: number, hi: number): AxisRange {
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    return { min: 0, max: 1, log: false };
  }
  if (lo > 0 && hi / lo > 10) {
    return { min: lo / 1.25, max: hi * 1.25, log: true };
  }
  const pad = hi > lo ? 0.04 * (hi - lo) : Math.max(0.1 * Math.abs(lo), 0.05);
  return { min: lo - pad, max: hi + pad, log: false };
}

/** The runs of one optimizer that the views show, and their points. */
export interface OptimizerPoints {
  /** Run index of each point. */
  runs: Uint32Array;
  /** The measure (x) and the loss above the landscape's minimum (y). */
  x: Float32Array;
  y: Float32Array;
  /** Diverged runs, and runs without a finite value, left out. */
  diverged: number;
  nonFinite: number;
}

/** Everything the histogram and the scatter need for one measure. */
export interface SharpnessView {
  measure: SharpnessMeasure;
  points: OptimizerPoints[];
  /** The span of the measure over the points (the scatter's x axis). */
  x: AxisRange;
  /** The histogram's x axis: the same, widened to nearby 2/lr lines. */
  histX: AxisRange;
  y: AxisRange;
  /** The loss floor subtracted (the landscape's lowest known minimum). */
  floor: number;
}

/** The lowest known minimum's value; the zero of the loss axis. */
export function lossFloor(r: ExperimentResult): number {
  const v = r.landscape.minima.map((m) => m.value);
  return v.length ? Math.min(...v) : 0;
}

/**
 * The points of every optimizer for one measure: runs that diverged or
 * whose measure or loss is not finite are left out (and counted).
 * `extraX` widens the histogram's span (the 2/lr lines) unless far away.
 */
export function sharpnessView(
  r: ExperimentResult,
  measure: SharpnessMeasure,
  extraX: readonly number[] = [],
): SharpnessView | null {
  if (r.optimizers.some((o) => !o.sharpness)) return null;
  const floor = lossFloor(r);
  const tiny = Math.max(1e-12, 1e-7 * Math.abs(floor));
  let xlo = Infinity;
  let xhi = -Infinity;
  let ylo = Infinity;
  let yhi = -Infinity;
  const points = r.optimizers.map((o) => {
    const values = o.sharpness!.perRun[measure];
    const n = o.runs;
    const runs = new Uint32Array(n);
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    let k = 0;
    let diverged = 0;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      if (o.divergedAt[i]! > 0) {
        diverged++;
        continue;
      }
      const v = values[i]!;
      const l = o.loss[i]!;
      if (!Number.isFinite(v) || !Number.isFinite(l)) {
        nonFinite++;
        continue;
      }
      const g = Math.max(l - floor, tiny);
      runs[k] = i;
      x[k] = v;
      y[k] = g;
      k++;
      if (v < xlo) xlo = v;
      if (v > xhi) xhi = v;
      if (g < ylo) ylo = g;
      if (g > yhi) yhi = g;
    }
    return {
      runs: runs.slice(0, k),
      x: x.slice(0, k),
      y: y.slice(0, k),
      diverged,
      nonFinite,
    };
  });
  const x = axisRange(xlo, xhi);
  // the histogram's axis takes in the 2/lr lines when they are near: within
  // three decades of a log span, within three spans of a linear one
  let hlo = x.min;
  let hhi = x.max;
  for (const e of extraX) {
    if (!(e > 0) || !(xlo <= xhi)) continue;
    const near = x.log
      ? Math.max(hlo / e, e / hhi) < 1e3
      : Math.max(hlo - e, e - hhi) < 3 * Math.max(hhi - hlo, 1e-9);
    if (!near) continue;
    hlo = Math.min(hlo, x.log ? e / 1.25 : e);
    hhi = Math.max(hhi, x.log ? e * 1.25 : e + 0.04 * (hhi - hlo));
  }
  return {
    measure,
    points,
    x,
    histX: { min: hlo, max: hhi, log: x.log },
    y: axisRange(ylo, yhi),
    floor,
  };
}

/** Where a value falls on an axis, from 0 (min) to 1 (max). */
export function unitOf(v: number, a: AxisRange): number {
  return a.log
    ? Math.log(v / a.min) / Math.log(a.max / a.min)
    : (v - a.min) / (a.max - a.min);
}

/**
 * Histograms of the measure over the x axis's span, bin edges equal in
 * the axis's scale; each optimizer's counts as shares of its shown runs.
 */
export function histograms(
  view: SharpnessView,
  bins = 48,
): { edges: number[]; shares: number[][] } {
  const a = view.x;
  const edges = Array.from({ length: bins + 1 }, (_, i) =>
    a.log
      ? a.min * (a.max / a.min) ** (i / bins)
      : a.min + ((a.max - a.min) * i) / bins,
  );
  const shares = view.points.map((p) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of p.x) {
      const b = Math.floor(unitOf(v, a) * bins);
      c[Math.min(bins - 1, Math.max(0, b))]!++;
    }
    const n = Math.max(1, p.x.length);
    return c.map((v) => v / n);
  });
  return { edges, shares };
}

/** Runs chosen in the scatter, per optimizer, and where they ended. */
export interface RunSelection {
  /** The results the runs were chosen from (a selection is theirs). */
  source: ExperimentResult;
  /** The step those results are for. */
  step: number;
  /** Run indices per optimizer. */
  runs: Uint32Array[];
  count: number;
  /** End points to mark on the landscape, per optimizer (capped). */
  positions: Float32Array[];
  /** How many of the runs are marked (every k-th above the cap). */
  shown: number;
}

/** Highlighted end points on the landscape at most (every k-th above). */
export const MAX_MARKED = 5000;

/** The runs whose point lies in the box [x0, x1] × [y0, y1]. */
export function selectBox(
  view: SharpnessView,
  r: ExperimentResult,
  step: number,
  box: { x0: number; x1: number; y0: number; y1: number },
): RunSelection {
  const runs = view.points.map((p) => {
    const out: number[] = [];
    for (let k = 0; k < p.runs.length; k++) {
      const x = p.x[k]!;
      const y = p.y[k]!;
      if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) {
        out.push(p.runs[k]!);
      }
    }
    return Uint32Array.from(out);
  });
  const count = runs.reduce((n, a) => n + a.length, 0);
  const stride = Math.max(1, Math.ceil(count / MAX_MARKED));
  let shown = 0;
  const positions = runs.map((ids, o) => {
    const final = r.optimizers[o]!.final;
    const m = Math.ceil(ids.length / stride);
    const out = new Float32Array(2 * m);
    for (let j = 0; j < m; j++) {
      const i = ids[j * stride]!;
      out[2 * j] = final[2 * i]!;
      out[2 * j + 1] = final[2 * i + 1]!;
    }
    shown += m;
    return out;
  });
  return { source: r, step, runs, count, positions, shown };
}

/** One optimizer's line of the verdict table. */
export interface Verdict {
  label: string;
  /** Share of all its runs that ended in the flattest basin. */
  flattestShare: number;
  spread: Spread | null;
  diverged: { count: number; fraction: number };
}

/**
 * Per optimizer: the flattest basin's share and the measure's spread;
 * `best` is the largest share (the rows that reach it are the ones that
 * seek flat minima most).
 */
export function verdicts(
  r: ExperimentResult,
  measure: SharpnessMeasure,
): { basin: string | null; rows: Verdict[]; best: number } {
  const basin = r.landscape.minima.length
    ? (r.optimizers[0]?.basins[r.flattest]?.label ?? null)
    : null;
  const rows = r.optimizers.map((o) => ({
    label: o.label,
    flattestShare: basin === null ? 0 : (o.basins[r.flattest]?.fraction ?? 0),
    spread: o.sharpness?.summary[measure] ?? null,
    diverged: { count: o.diverged.count, fraction: o.diverged.fraction },
  }));
  // the flattest-seeking optimizers: most runs in the flattest basin
  const best = Math.max(0, ...rows.map((v) => v.flattestShare));
  return { basin, rows, best };
}

/**
 * The learning rate of each optimizer (for its 2/lr line), or null where
 * it has none.
 */
export function stabilityLimits(r: ExperimentResult): (number | null)[] {
  return r.optimizers.map((o) => {
    const lr = o.hyper.lr;
    return lr !== undefined && lr > 0 ? 2 / lr : null;
  });
}
