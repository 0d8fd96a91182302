/**
 * One run looked at closely: where it started and ended, its loss and
 * basin, and its path (recorded by the engine for the first runs, replayed
 * on the CPU in Float64 for the others).
 */
import type { ExperimentResult } from '../engine/results';
import { ReferenceExperiment } from '../reference/engine';
import type { ResolvedSpec } from '../spec/spec';

export interface RunDetail {
  optimizer: number;
  label: string;
  run: number;
  /** The step the detail is for. */
  step: number;
  start: [number, number];
  end: [number, number];
  loss: number;
  /** The class: a minimum's label, "other" or "diverged". */
  basin: string;
  basinIndex: number;
  divergedAt: number;
  convergedAt: number;
  /** Interleaved x, y of the path up to `step`, or null. */
  path: Float32Array | null;
  /** Where the path comes from. */
  pathSource: 'recorded' | 'replayed' | 'none';
}

/** The name of a class index of OptimizerResult.basin. */
export function className(r: ExperimentResult, cls: number): string {
  const minima = r.landscape.minima;
  if (cls < minima.length) return minima[cls]!.label;
  return cls === minima.length ? 'other' : 'diverged';
}

/** The run nearest to (x, y) over every optimizer, within `radius`. */
export function nearestRun(
  r: ExperimentResult,
  x: number,
  y: number,
  radius: number,
): { optimizer: number; run: number } | null {
  let best = radius * radius;
  let hit: { optimizer: number; run: number } | null = null;
  r.optimizers.forEach((o, oi) => {
    const p = o.final;
    for (let i = 0; i < o.runs; i++) {
      const d = (p[2 * i]! - x) ** 2 + (p[2 * i + 1]! - y) ** 2;
      if (d < best) {
        best = d;
        hit = { optimizer: oi, run: i };
      }
    }
  });
  return hit;
}

/** The path of a run replayed alone on the CPU (Float64 reference). */
function replay(
  spec: ResolvedSpec,
  optimizer: number,
  start: [number, number],
  steps: number,
): Float32Array {
  const one: ResolvedSpec = {
    ...spec,
    optimizers: [spec.optimizers[optimizer]!],
    starts: { kind: 'list', points: [start] },
    runs: 1,
    trajectories: 1,
  };
  const e = new ReferenceExperiment(one);
  e.advance(steps);
  const t = e.results({ sharpness: false }).optimizers[0]!.trajectories;
  return t.points.slice(0, 2 * (steps + 1));
}

/** Everything about one run of one optimizer at the results' step. */
export function runDetail(
  r: ExperimentResult,
  spec: ResolvedSpec,
  optimizer: number,
  run: number,
  step: number,
): RunDetail {
  const o = r.optimizers[optimizer]!;
  const start: [number, number] = [r.starts[2 * run]!, r.starts[2 * run + 1]!];
  const t = o.trajectories;
  let path: Float32Array | null = null;
  let pathSource: RunDetail['pathSource'] = 'none';
  const slot = t.runs.indexOf(run);
  if (slot >= 0) {
    path = t.points.slice(
      2 * slot * t.stride,
      2 * (slot * t.stride + step + 1),
    );
    pathSource = 'recorded';
  } else if (step <= 20_000) {
    path = replay(spec, optimizer, start, step);
    pathSource = 'replayed';
  }
  const cls = o.basin[run] ?? 0;
  return {
    optimizer,
    label: o.label,
    run,
    step,
    start,
    end: [o.final[2 * run]!, o.final[2 * run + 1]!],
    loss: o.loss[run]!,
    basin: className(r, cls),
    basinIndex: cls,
    divergedAt: o.divergedAt[run] ?? 0,
    convergedAt: o.convergedAt[run] ?? 0,
    path,
    pathSource,
  };
}
