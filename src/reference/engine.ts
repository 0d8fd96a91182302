/**
 * The Float64 reference engine: runs a spec on the CPU with the TypeScript
 * twins of every landscape and optimizer, step for step as the fused kernel
 * does. It is the oracle of the GPU tests and the page's engine when
 * WebGPU is missing (for up to a few thousand runs).
 */
import type { CriticalPoint } from '../objectives/landscape';
import type { SlotValues } from '../optimizers/optimizer';
import { scheduleFactor } from '../optimizers/schedules';
import type { ResolvedOptimizer, ResolvedSpec } from '../spec/spec';
import { recordSteps } from '../spec/spec';
import { generateStarts } from '../spec/starts';
import { normal2, STREAM } from '../util/random';
import {
  classCounts,
  convergedSteps,
  quantileRank,
  type ExperimentResult,
  type OptimizerResult,
} from '../engine/results';

/** The class of an end point, as basins.wgsl decides it. */
export function classify(
  x: number,
  y: number,
  diverged: boolean,
  minima: readonly CriticalPoint[],
  radius: number,
): number {
  if (diverged) return minima.length + 1;
  let cls = minima.length;
  let best = radius * radius;
  minima.forEach((m, i) => {
    const d2 = (x - m.x) ** 2 + (y - m.y) ** 2;
    if (d2 <= best) {
      best = d2;
      cls = i;
    }
  });
  return cls;
}

/** Nearest-rank quantiles of the finite values, as quantiles.wgsl. */
export function quantilesOf(
  values: readonly number[],
  levels: readonly number[],
): (number | null)[] {
  const sorted = [...values].sort((a, b) => a - b);
  return levels.map((q) =>
    sorted.length ? sorted[quantileRank(q, sorted.length)]! : null,
  );
}

function runOptimizer(
  spec: ResolvedSpec,
  opt: ResolvedOptimizer,
  starts: Float32Array,
  minima: CriticalPoint[],
): OptimizerResult {
  const t0 = performance.now();
  const n = spec.runs;
  const { landscape: l, landscapeParams: lp } = spec;
  const def = opt.def;
  const [[ex0, ex1], [ey0, ey1]] = spec.escapeBox;
  const x = Float64Array.from({ length: n }, (_, i) => starts[2 * i]!);
  const y = Float64Array.from({ length: n }, (_, i) => starts[2 * i + 1]!);
  const f = new Float64Array(n);
  const fPrev = new Float64Array(n);
  const divergedAt = new Uint32Array(n);
  const unconvergedAt = new Uint32Array(n);
  const stride = spec.steps + 1;
  const traj = new Float32Array(2 * spec.trajectories * stride).fill(NaN);

  // state: one object per coordinate of each run
  const fresh = (): SlotValues => {
    const s: SlotValues = {};
    for (const k of def.state) s[k] = def.initialState?.[k] ?? 0;
    return s;
  };
  const state = Array.from({ length: 2 * n }, fresh);

  const converged = (gx: number, gy: number, fn: number, fp: number) =>
    gx * gx + gy * gy <= spec.gradTol * spec.gradTol &&
    Math.abs(fn - fp) <= spec.lossTol * (1 + Math.abs(fn));

  const records = recordSteps(spec.steps, spec.recordEvery);
  const qValues: (number | null)[][] = [];
  const live: number[] = [];
  const record = () => {
    const alive: number[] = [];
    for (let i = 0; i < n; i++) if (divergedAt[i] === 0) alive.push(f[i]!);
    qValues.push(quantilesOf(alive, spec.quantiles));
    live.push(alive.length);
  };

  for (let i = 0; i < n; i++) {
    f[i] = l.valueGrad(x[i]!, y[i]!, lp).value;
    if (i < spec.trajectories) {
      traj[2 * i * stride] = x[i]!;
      traj[2 * i * stride + 1] = y[i]!;
    }
  }
  record();

  let nextRecord = 1;
  for (let t = 1; t <= spec.steps; t++) {
    const lr = opt.hyper.lr! * scheduleFactor(opt.schedule, t, spec.steps);
    const c = def.consts(opt.hyper, { t, lr });
    for (let i = 0; i < n; i++) {
      if (divergedAt[i] !== 0) continue;
      const xi = x[i]!;
      const yi = y[i]!;
      const vg = l.valueGrad(xi, yi, lp);
      // the test for the point reached after t - 1 steps
      if (t > 1 && !converged(vg.gx, vg.gy, vg.value, fPrev[i]!)) {
        unconvergedAt[i] = t - 1;
      }
      let gx = vg.gx;
      let gy = vg.gy;
      if (spec.noiseSigma > 0) {
        const [nx, ny] = normal2(spec.seed, i, t, STREAM.gradientNoise);
        gx += spec.noiseSigma * nx;
        gy += spec.noiseSigma * ny;
      }
      let nx: number;
      let ny: number;
      const s0 = state[2 * i]!;
      const s1 = state[2 * i + 1]!;
      if (def.kind === 'coordinate') {
        nx = def.update(xi, gx, s0, c);
        ny = def.update(yi, gy, s1, c);
      } else {
        const h = l.hessian(xi, yi, lp);
        [nx, ny] = def.update2([xi, yi], [gx, gy], h, [s0, s1], c);
      }
      const inside = nx >= ex0 && nx <= ex1 && ny >= ey0 && ny <= ey1;
      if (!Number.isFinite(nx) || !Number.isFinite(ny) || !inside) {
        divergedAt[i] = t;
        continue;
      }
      x[i] = nx;
      y[i] = ny;
      fPrev[i] = vg.value;
      f[i] = l.valueGrad(nx, ny, lp).value;
      if (i < spec.trajectories) {
        traj[2 * (i * stride + t)] = nx;
        traj[2 * (i * stride + t) + 1] = ny;
      }
    }
    if (records[nextRecord] === t) {
      record();
      nextRecord++;
    }
  }

  // the test for the last point
  const final = new Float32Array(2 * n);
  const loss = new Float32Array(n);
  const convergedAt = new Uint32Array(n);
  const basin = new Uint32Array(n);
  const counts = new Uint32Array(minima.length + 2);
  for (let i = 0; i < n; i++) {
    if (divergedAt[i] === 0) {
      const vg = l.valueGrad(x[i]!, y[i]!, lp);
      if (!converged(vg.gx, vg.gy, vg.value, fPrev[i]!)) {
        unconvergedAt[i] = spec.steps;
      }
    }
    final[2 * i] = x[i]!;
    final[2 * i + 1] = y[i]!;
    loss[i] = f[i]!;
    convergedAt[i] = convergedSteps(
      unconvergedAt[i]!,
      divergedAt[i]!,
      spec.steps,
    );
    const cls = classify(
      x[i]!,
      y[i]!,
      divergedAt[i] !== 0,
      minima,
      spec.basinRadius,
    );
    basin[i] = cls;
    counts[cls]!++;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    id: def.id,
    label: opt.label,
    hyper: opt.hyper,
    schedule: opt.schedule,
    runs: n,
    final,
    loss,
    divergedAt,
    convergedAt,
    basin,
    ...classCounts(minima, counts, convergedAt, n),
    quantiles: {
      steps: records,
      levels: spec.quantiles,
      values: qValues,
      live,
    },
    trajectories: { count: spec.trajectories, stride, points: traj },
    seconds,
    runStepsPerSecond: seconds > 0 ? (n * spec.steps) / seconds : 0,
  };
}

/** Runs a validated spec on the CPU in Float64. */
export function runReference(spec: ResolvedSpec): ExperimentResult {
  const starts = generateStarts(spec.starts, spec.seed);
  const minima = spec.landscape.minima(spec.landscapeParams);
  return {
    engine: 'reference',
    adapter: null,
    spec: spec.json,
    landscape: {
      id: spec.landscape.id,
      name: spec.landscape.name,
      minima,
      saddles: spec.landscape.saddles(spec.landscapeParams),
    },
    starts,
    optimizers: spec.optimizers.map((o) =>
      runOptimizer(spec, o, starts, minima),
    ),
  };
}
