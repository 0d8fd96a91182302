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
import { generateStarts, NO_PATH, pathRuns, pathSlots } from '../spec/starts';
import { normal2 } from '../util/random';
import type { OracleContext } from '../oracles/oracle';
import { eigen2, sharpnessAt } from './sharpness';
import type { Hessian2 } from '../objectives/landscape';

/** Float64 twin of noise_shape in fused.wgsl: |H|^(1/2). */
export function noiseShape(h: Hessian2): [number, number, number] {
  const mean = 0.5 * (h.hxx + h.hyy);
  const half = 0.5 * (h.hxx - h.hyy);
  const r = Math.sqrt(half * half + h.hxy * h.hxy);
  const a = Math.sqrt(Math.abs(mean + r));
  const b = Math.sqrt(Math.abs(mean - r));
  if (r === 0) return [a, 0, a];
  const p = 0.5 * (a + b);
  const q = (0.5 * (a - b)) / r;
  return [p + q * half, q * h.hxy, p - q * half];
}
import {
  classCounts,
  basinVolumes,
  convergedSteps,
  quantileRank,
  sharpnessResult,
  swaResult,
  type ExperimentResult,
  type LiveStats,
  type OptimizerResult,
  type ResultOptions,
  type RunInfo,
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

/** One optimizer's runs on the CPU: the state a fused kernel keeps. */
class RefLane {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly f: Float64Array;
  readonly fPrev: Float64Array;
  readonly divergedAt: Uint32Array;
  readonly unconvergedAt: Uint32Array;
  readonly traj: Float32Array;
  readonly pathRuns: Uint32Array;
  private readonly pathSlot: Uint32Array;
  readonly state: SlotValues[];
  /** SWA: mean x, mean y, count, unused per run (as the GPU keeps it). */
  readonly swa: Float64Array;
  readonly qValues: (number | null)[][] = [];
  readonly live: number[] = [];
  seconds = 0;

  constructor(
    readonly spec: ResolvedSpec,
    readonly opt: ResolvedOptimizer,
    starts: Float32Array,
  ) {
    const n = spec.runs;
    const { landscape: l, landscapeParams: lp } = spec;
    this.x = Float64Array.from({ length: n }, (_, i) => starts[2 * i]!);
    this.y = Float64Array.from({ length: n }, (_, i) => starts[2 * i + 1]!);
    this.f = new Float64Array(n);
    this.fPrev = new Float64Array(n);
    this.divergedAt = new Uint32Array(n);
    this.unconvergedAt = new Uint32Array(n);
    const stride = spec.steps + 1;
    this.traj = new Float32Array(2 * spec.trajectories * stride).fill(NaN);
    this.pathRuns = pathRuns(n, spec.trajectories);
    this.pathSlot = pathSlots(n, this.pathRuns);
    const def = opt.def;
    const fresh = (): SlotValues => {
      const s: SlotValues = {};
      for (const k of def.state) s[k] = def.initialState?.[k] ?? 0;
      return s;
    };
    this.state = Array.from({ length: 2 * n }, fresh);
    this.swa = new Float64Array(opt.swa ? 4 * n : 0);
    for (let i = 0; i < n; i++) {
      this.f[i] = l.valueGrad(this.x[i]!, this.y[i]!, lp).value;
      const slot = this.pathSlot[i]!;
      if (slot !== NO_PATH) {
        this.traj[2 * slot * stride] = this.x[i]!;
        this.traj[2 * slot * stride + 1] = this.y[i]!;
      }
    }
  }

  private converged(gx: number, gy: number, fn: number, fp: number) {
    const { gradTol, lossTol } = this.spec;
    return (
      gx * gx + gy * gy <= gradTol * gradTol &&
      Math.abs(fn - fp) <= lossTol * (1 + Math.abs(fn))
    );
  }

  /** Loss quantiles over the runs that have not diverged. */
  record(): void {
    const alive: number[] = [];
    for (let i = 0; i < this.spec.runs; i++) {
      if (this.divergedAt[i] === 0) alive.push(this.f[i]!);
    }
    this.qValues.push(quantilesOf(alive, this.spec.quantiles));
    this.live.push(alive.length);
  }

  /** Takes step t (1-based) of every run. */
  step(t: number): void {
    const { spec, opt } = this;
    const { landscape: l, landscapeParams: lp } = spec;
    const def = opt.def;
    const [[ex0, ex1], [ey0, ey1]] = spec.escapeBox;
    const stride = spec.steps + 1;
    const lr = opt.hyper.lr! * scheduleFactor(opt.schedule, t, spec.steps);
    const c = def.consts(opt.hyper, { t, lr });
    const oc = opt.oracle.consts(opt.oracleHyper, { t, lr });
    const swa = opt.swa;
    const averaging =
      swa !== null && t >= swa.start && (t - swa.start) % swa.every === 0;
    let run = 0;
    let shape: [number, number, number] = [1, 0, 1];
    const sigma = spec.noiseSigma;
    const ctx: OracleContext = {
      valueGrad: (px, py) => l.valueGrad(px, py, lp),
      gradientNoise: (stream) => {
        if (sigma <= 0) return [0, 0];
        const [a, b] = normal2(spec.seed, run, t, stream);
        const [sxx, sxy, syy] = shape;
        return [sigma * (sxx * a + sxy * b), sigma * (sxy * a + syy * b)];
      },
      normal: (stream, step) => normal2(spec.seed, run, step, stream),
      step: t,
    };
    for (let i = 0; i < spec.runs; i++) {
      run = i;
      if (this.divergedAt[i] !== 0) continue;
      const xi = this.x[i]!;
      const yi = this.y[i]!;
      const vg = l.valueGrad(xi, yi, lp);
      if (spec.noiseModel === 'hessian' && sigma > 0) {
        shape = noiseShape(l.hessian(xi, yi, lp));
      }
      // the test for the point reached after t - 1 steps
      if (t > 1 && !this.converged(vg.gx, vg.gy, vg.value, this.fPrev[i]!)) {
        this.unconvergedAt[i] = t - 1;
      }
      const [gx, gy] = opt.oracle.grad(xi, yi, vg, ctx, oc);
      let nx: number;
      let ny: number;
      const s0 = this.state[2 * i]!;
      const s1 = this.state[2 * i + 1]!;
      if (def.kind === 'coordinate') {
        nx = def.update(xi, gx, s0, c);
        ny = def.update(yi, gy, s1, c);
      } else {
        const h = l.hessian(xi, yi, lp);
        [nx, ny] = def.update2([xi, yi], [gx, gy], h, [s0, s1], c);
      }
      const inside = nx >= ex0 && nx <= ex1 && ny >= ey0 && ny <= ey1;
      if (!Number.isFinite(nx) || !Number.isFinite(ny) || !inside) {
        this.divergedAt[i] = t;
        continue;
      }
      this.x[i] = nx;
      this.y[i] = ny;
      this.fPrev[i] = vg.value;
      this.f[i] = l.valueGrad(nx, ny, lp).value;
      const slot = this.pathSlot[i]!;
      if (slot !== NO_PATH) {
        this.traj[2 * (slot * stride + t)] = nx;
        this.traj[2 * (slot * stride + t) + 1] = ny;
      }
      if (averaging) {
        const m = this.swa;
        const count = m[4 * i + 2]! + 1;
        m[4 * i] = m[4 * i]! + (nx - m[4 * i]!) / count;
        m[4 * i + 1] = m[4 * i + 1]! + (ny - m[4 * i + 1]!) / count;
        m[4 * i + 2] = count;
      }
    }
  }

  /** Class of every run and the counts per class. */
  classes(minima: readonly CriticalPoint[]) {
    const n = this.spec.runs;
    const basin = new Uint32Array(n);
    const counts = new Uint32Array(minima.length + 2);
    for (let i = 0; i < n; i++) {
      const cls = classify(
        this.x[i]!,
        this.y[i]!,
        this.divergedAt[i] !== 0,
        minima,
        this.spec.basinRadius,
      );
      basin[i] = cls;
      counts[cls]!++;
    }
    return { basin, counts };
  }

  /** Everything this optimizer's runs produced, once all steps are done. */
  result(
    minima: CriticalPoint[],
    records: number[],
    withSharpness: boolean,
  ): OptimizerResult {
    const { spec, opt } = this;
    const { landscape: l, landscapeParams: lp } = spec;
    const n = spec.runs;
    const final = new Float32Array(2 * n);
    const loss = new Float32Array(n);
    const convergedAt = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      // the test for the last point
      let unconverged = this.unconvergedAt[i]!;
      if (this.divergedAt[i] === 0) {
        const vg = l.valueGrad(this.x[i]!, this.y[i]!, lp);
        if (!this.converged(vg.gx, vg.gy, vg.value, this.fPrev[i]!)) {
          unconverged = spec.steps;
        }
      }
      final[2 * i] = this.x[i]!;
      final[2 * i + 1] = this.y[i]!;
      loss[i] = this.f[i]!;
      convergedAt[i] = convergedSteps(
        unconverged,
        this.divergedAt[i]!,
        spec.steps,
      );
    }
    const { basin, counts } = this.classes(minima);
    const sharp = {
      lambdaMax: new Float32Array(n),
      lambdaMin: new Float32Array(n),
      epsSharpness: new Float32Array(n),
      samSharpness: new Float32Array(n),
      localEntropy: new Float32Array(n),
    };
    for (let i = 0; i < n && withSharpness; i++) {
      const v = sharpnessAt(
        l,
        lp,
        this.x[i]!,
        this.y[i]!,
        spec.sharpness,
        spec.seed,
        i,
      );
      sharp.lambdaMax[i] = v.lambdaMax;
      sharp.lambdaMin[i] = v.lambdaMin;
      sharp.epsSharpness[i] = v.epsSharpness;
      sharp.samSharpness[i] = v.samSharpness;
      sharp.localEntropy[i] = v.localEntropy;
    }
    return {
      id: opt.def.id,
      label: opt.label,
      hyper: opt.hyper,
      schedule: opt.schedule,
      runs: n,
      final,
      loss,
      divergedAt: this.divergedAt.slice(),
      convergedAt,
      basin,
      ...classCounts(minima, counts, convergedAt, n),
      quantiles: {
        steps: records.slice(0, this.qValues.length),
        levels: spec.quantiles,
        values: this.qValues.map((v) => v.slice()),
        live: this.live.slice(),
      },
      sharpness: withSharpness ? sharpnessResult(sharp, this.divergedAt) : null,
      swa: opt.swa
        ? swaResult(
            final,
            Float32Array.from(this.swa),
            this.divergedAt,
            minima,
            spec.basinRadius,
            classify,
          )
        : null,
      trajectories: {
        count: spec.trajectories,
        runs: this.pathRuns.slice(),
        stride: spec.steps + 1,
        points: this.traj.slice(),
      },
      seconds: this.seconds,
      runStepsPerSecond: this.seconds > 0 ? (n * spec.steps) / this.seconds : 0,
    };
  }
}

/**
 * An experiment on the CPU in Float64, stepped like GpuExperiment: the
 * page's engine without WebGPU, and the oracle of the tests.
 */
export class ReferenceExperiment {
  readonly starts: Float32Array;
  readonly minima: CriticalPoint[];
  readonly records: number[];
  stepsDone = 0;
  private recordsDone = 0;
  private readonly lanes: RefLane[];

  constructor(readonly spec: ResolvedSpec) {
    this.starts = generateStarts(spec.starts, spec.seed);
    this.minima = spec.landscape.minima(spec.landscapeParams);
    this.records = recordSteps(spec.steps, spec.recordEvery);
    this.lanes = spec.optimizers.map((o) => new RefLane(spec, o, this.starts));
    for (const lane of this.lanes) lane.record();
    this.recordsDone = 1;
  }

  get finished(): boolean {
    return this.stepsDone >= this.spec.steps;
  }

  /** Takes up to `steps` more steps of every optimizer. */
  advance(steps: number): void {
    const end = Math.min(this.spec.steps, this.stepsDone + steps);
    for (const lane of this.lanes) {
      const t0 = performance.now();
      let rec = this.recordsDone;
      for (let t = this.stepsDone + 1; t <= end; t++) {
        lane.step(t);
        if (this.records[rec] === t) {
          lane.record();
          rec++;
        }
      }
      lane.seconds += (performance.now() - t0) / 1000;
    }
    while (
      this.records[this.recordsDone] !== undefined &&
      this.records[this.recordsDone]! <= end
    ) {
      this.recordsDone++;
    }
    this.stepsDone = end;
  }

  /** One run where it stands now. */
  runInfo(optimizer: number, run: number): RunInfo {
    const lane = this.lanes[optimizer];
    if (!lane) throw new RangeError(`no optimizer ${optimizer}`);
    if (!(run >= 0 && run < this.spec.runs)) {
      throw new RangeError(`run must be in [0, ${this.spec.runs}), got ${run}`);
    }
    return {
      run,
      startX: this.starts[2 * run]!,
      startY: this.starts[2 * run + 1]!,
      x: lane.x[run]!,
      y: lane.y[run]!,
      loss: lane.f[run]!,
      divergedAt: lane.divergedAt[run]!,
      step: this.stepsDone,
    };
  }

  /** Current positions of one optimizer's runs, interleaved x, y. */
  positions(optimizer: number): Float32Array {
    const lane = this.lanes[optimizer];
    if (!lane) throw new RangeError(`no optimizer ${optimizer}`);
    const out = new Float32Array(2 * this.spec.runs);
    for (let i = 0; i < this.spec.runs; i++) {
      out[2 * i] = lane.x[i]!;
      out[2 * i + 1] = lane.y[i]!;
    }
    return out;
  }

  /** Basin counts now and the loss quantiles recorded so far. */
  stats(): LiveStats {
    const none = new Uint32Array(0);
    return {
      step: this.stepsDone,
      optimizers: this.lanes.map((lane) => {
        const { counts } = lane.classes(this.minima);
        const c = classCounts(this.minima, counts, none, this.spec.runs);
        const n = lane.qValues.length;
        return {
          id: lane.opt.def.id,
          label: lane.opt.label,
          basins: c.basins,
          other: c.other,
          diverged: c.diverged,
          quantiles: {
            steps: this.records.slice(0, n),
            levels: this.spec.quantiles,
            values: lane.qValues.map((v) => v.slice()),
            live: lane.live.slice(),
          },
        };
      }),
    };
  }

  /** Results so far (complete once `finished`). */
  results(options: ResultOptions = {}): ExperimentResult {
    const spec = this.spec;
    const optimizers = this.lanes.map((l) =>
      l.result(this.minima, this.records, options.sharpness ?? true),
    );
    return {
      engine: 'reference',
      adapter: null,
      spec: spec.json,
      landscape: {
        id: spec.landscape.id,
        name: spec.landscape.name,
        minima: this.minima,
        saddles: spec.landscape.saddles(spec.landscapeParams),
      },
      starts: this.starts,
      optimizers,
      ...basinVolumes(
        this.minima,
        this.minima.map(
          (m) =>
            eigen2(spec.landscape.hessian(m.x, m.y, spec.landscapeParams))[0],
        ),
        optimizers,
      ),
    };
  }
}

/** Runs a validated spec on the CPU in Float64. */
export function runReference(spec: ResolvedSpec): ExperimentResult {
  const e = new ReferenceExperiment(spec);
  e.advance(spec.steps);
  return e.results();
}
