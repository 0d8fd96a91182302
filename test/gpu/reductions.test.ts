/**
 * The GPU reductions: loss quantiles by radix selection, basin classes and
 * divergence accounting. Quantiles and classes are order statistics and
 * comparisons of the GPU's own float32 values, so they are checked
 * exactly against TypeScript computed from those same values.
 */
import { describe, expect, test } from 'vitest';
import { runExperiment } from '../../src/engine/experiment';
import type { OptimizerResult } from '../../src/engine/results';
import { findLandscape } from '../../src/objectives';
import { classify, quantilesOf } from '../../src/reference/engine';
import type { ExperimentSpec } from '../../src/spec/spec';
import { resolveSpec } from '../../src/spec/validate';
import { useGpu } from './harness';

const gpu = useGpu();

function finalQuantiles(o: OptimizerResult): (number | null)[] {
  const alive: number[] = [];
  o.loss.forEach((v, i) => {
    if (o.divergedAt[i] === 0) alive.push(v);
  });
  return quantilesOf(alive, o.quantiles.levels);
}

const base: ExperimentSpec = {
  landscape: { id: 'styblinski-tang' },
  optimizers: [{ id: 'gd', hyper: { lr: 0.01 } }],
  starts: { kind: 'uniform', count: 1000 },
  steps: 40,
  record: { every: 40, quantiles: [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1] },
};

describe('loss quantiles are computed exactly on the GPU', () => {
  test('equal the nearest-rank quantiles of the final losses, negative losses included', async () => {
    const r = await runExperiment(gpu(), resolveSpec(base));
    const o = r.optimizers[0]!;
    const got = o.quantiles.values.at(-1)!;
    expect(got).toEqual(finalQuantiles(o));
    // Styblinski-Tang's minima are negative: the order of negative floats
    // must be kept (the lowest is near -78.33).
    expect(got[0]!).toBeLessThan(-70);
    expect(got[0]!).toBeLessThanOrEqual(got[6]!);
  });

  test('are the same when the runs are split into chunks of 97', async () => {
    const spec = resolveSpec(base);
    const a = await runExperiment(gpu(), spec);
    const b = await runExperiment(gpu(), spec, { maxRunsPerChunk: 97 });
    expect(b.optimizers[0]!.quantiles).toEqual(a.optimizers[0]!.quantiles);
  });

  test('with ties everywhere (every run at the same point) return that value', async () => {
    const spec = resolveSpec({
      ...base,
      starts: { kind: 'list', points: Array(77).fill([1.25, -0.5]) },
    });
    const o = (await runExperiment(gpu(), spec)).optimizers[0]!;
    const last = o.quantiles.values.at(-1)!;
    expect(new Set(last).size).toBe(1);
    expect(last[0]).toBe(o.loss[0]);
  });
});

describe('diverged runs are counted and kept out of the statistics', () => {
  // GD with lr 0.03 on Himmelblau: lr times the top curvature exceeds 2 at
  // every minimum but one, so runs bounce between the wells; about a fifth
  // of them are thrown out of the region and blow up (Float64 reference:
  // 172 of 899).
  const spec = resolveSpec({
    landscape: { id: 'himmelblau' },
    optimizers: [{ id: 'gd', hyper: { lr: 0.03 } }],
    starts: { kind: 'grid', nx: 31, ny: 29 },
    steps: 60,
    record: { every: 6 },
  });

  test('a diverged run keeps its last finite position, and quantiles stay finite', async () => {
    const o = (await runExperiment(gpu(), spec)).optimizers[0]!;
    const diverged = Array.from(o.divergedAt).filter((s) => s > 0).length;
    expect(diverged).toBeGreaterThan(0);
    expect(diverged).toBeLessThan(o.runs);
    expect(o.diverged.count).toBe(diverged);
    for (const v of o.final) expect(Number.isFinite(v)).toBe(true);
    for (const row of o.quantiles.values) {
      for (const v of row) expect(Number.isFinite(v)).toBe(true);
    }
    expect(o.quantiles.live.at(-1)).toBe(o.runs - diverged);
    expect(o.quantiles.values.at(-1)).toEqual(finalQuantiles(o));
    // Every run is counted exactly once.
    const total =
      o.basins.reduce((s, b) => s + b.count, 0) +
      o.other.count +
      o.diverged.count;
    expect(total).toBe(o.runs);
  });

  test('basin classes on the GPU equal the classes of the GPU end points', async () => {
    const r = await runExperiment(gpu(), spec);
    const o = r.optimizers[0]!;
    const l = findLandscape('himmelblau')!;
    const minima = l.minima({});
    const expected = Array.from({ length: o.runs }, (_, i) =>
      classify(
        o.final[2 * i]!,
        o.final[2 * i + 1]!,
        o.divergedAt[i]! > 0,
        minima,
        spec.basinRadius,
      ),
    );
    expect(Array.from(o.basin)).toEqual(expected);
    const counts = new Array(minima.length + 2).fill(0);
    for (const c of expected) counts[c]++;
    expect(o.basins.map((b) => b.count)).toEqual(
      counts.slice(0, minima.length),
    );
  });
});
