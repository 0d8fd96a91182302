import { describe, expect, test } from 'vitest';
import { SpecError } from '../../src/util/errors';
import { LIMITS, recordSteps } from '../../src/spec/spec';
import { generateStarts, pathRuns } from '../../src/spec/starts';
import { resolveSpec } from '../../src/spec/validate';

const valid = {
  landscape: { id: 'himmelblau' },
  optimizers: [{ id: 'gd', hyper: { lr: 0.01 } }],
  starts: { kind: 'grid', nx: 4, ny: 3 },
  steps: 100,
};

/** The issues a spec is refused with, as "path: message" lines. */
function issuesOf(spec: unknown): string[] {
  try {
    resolveSpec(spec);
  } catch (e) {
    if (e instanceof SpecError)
      return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error('spec was accepted');
}

describe('a valid spec is completed with defaults', () => {
  test('defaults fill every field and are echoed in the JSON', () => {
    const s = resolveSpec(valid);
    expect(s.runs).toBe(12);
    expect(s.seed).toBe(1);
    expect(s.noiseSigma).toBe(0);
    expect(s.quantiles).toEqual([0.1, 0.5, 0.9]);
    expect(s.recordEvery).toBe(1);
    expect(s.trajectories).toBe(12);
    expect(s.json.optimizers[0]).toEqual({
      id: 'gd',
      hyper: { lr: 0.01 },
      schedule: { kind: 'constant' },
      label: 'GD / SGD',
    });
    expect(s.json.starts).toEqual({
      kind: 'grid',
      nx: 4,
      ny: 3,
      bounds: [
        [-5, 5],
        [-5, 5],
      ],
    });
  });

  test('the resolved JSON is itself a valid spec that resolves to the same', () => {
    const s = resolveSpec({ ...valid, noise: { sigma: 0.5 }, seed: 9 });
    expect(resolveSpec(JSON.parse(JSON.stringify(s.json))).json).toEqual(
      s.json,
    );
  });

  test('a landscape-aware gradient and SWA are named in the label and echoed', () => {
    const s = resolveSpec({
      ...valid,
      optimizers: [{ id: 'adam', gradient: { id: 'sam' }, swa: { start: 50 } }],
    });
    expect(s.optimizers[0]!.label).toBe('Adam + SAM + SWA');
    expect(s.optimizers[0]!.oracleHyper).toEqual({ rho: 0.05 });
    expect(s.json.optimizers[0]!.gradient).toEqual({
      id: 'sam',
      hyper: { rho: 0.05 },
    });
    expect(s.json.optimizers[0]!.swa).toEqual({ start: 50, every: 1 });
  });

  test('hyperparameters left out take the optimizer defaults', () => {
    const s = resolveSpec({ ...valid, optimizers: [{ id: 'adam' }] });
    expect(s.optimizers[0]!.hyper).toEqual({
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
    });
  });

  test('the escape box is the bounds widened by `escape` spans', () => {
    const s = resolveSpec({ ...valid, divergence: { escape: 2 } });
    expect(s.escapeBox).toEqual([
      [-25, 25],
      [-25, 25],
    ]);
  });
});

describe('bad input gets an error naming the field and the allowed range', () => {
  test.each([
    [
      { ...valid, landscape: { id: 'himalaya' } },
      /^landscape\.id: unknown landscape "himalaya"; one of quadratic, .*himmelblau/,
    ],
    [
      { ...valid, optimizers: [{ id: 'adamm' }] },
      /^optimizers\[0\]\.id: unknown optimizer "adamm"; one of gd, .*adam/,
    ],
    [
      { ...valid, optimizers: [{ id: 'gd', hyper: { lr: -1 } }] },
      /^optimizers\[0\]\.hyper\.lr: must be a number in \(0, 100\], got -1$/,
    ],
    [
      { ...valid, optimizers: [{ id: 'adam', hyper: { beta1: 1 } }] },
      /^optimizers\[0\]\.hyper\.beta1: must be a number in \[0, 1\), got 1$/,
    ],
    [
      { ...valid, optimizers: [{ id: 'adam', hyper: { beta2: NaN } }] },
      /^optimizers\[0\]\.hyper\.beta2: must be a number in \[0, 1\), got NaN$/,
    ],
    [
      { ...valid, optimizers: [{ id: 'gd', hyper: { momentum: 0.9 } }] },
      /^optimizers\[0\]\.hyper\.momentum: unknown field; allowed: lr$/,
    ],
    [
      { ...valid, steps: 0 },
      /^steps: must be an integer in \[1, 1000000\], got 0$/,
    ],
    [
      { ...valid, steps: 2e6 },
      /^steps: must be an integer in \[1, 1000000\], got 2000000$/,
    ],
    [{ ...valid, steps: 10.5 }, /^steps: must be an integer/],
    [
      { ...valid, starts: { kind: 'grid', nx: 0, ny: 3 } },
      /^starts\.nx: must be an integer in \[1, 16777216\], got 0$/,
    ],
    [
      { ...valid, starts: { kind: 'grid', nx: 8192, ny: 8192 } },
      /^starts: nx \* ny must be at most 16777216, got 67108864/,
    ],
    [
      { ...valid, starts: { kind: 'spiral' } },
      /^starts\.kind: must be one of grid, uniform, gaussian, list, got "spiral"$/,
    ],
    [
      { ...valid, starts: { kind: 'list', points: [[0, 'a']] } },
      /^starts\.points\[0\]: must be \[x, y\] with finite numbers$/,
    ],
    [
      { ...valid, noise: { sigma: -0.1 } },
      /^noise\.sigma: must be a number in \[0, 1000000\], got -0\.1$/,
    ],
    [
      { ...valid, seed: -1 },
      /^seed: must be an integer in \[0, 4294967295\], got -1$/,
    ],
    [
      { ...valid, record: { every: 500 } },
      /^record\.every: must be an integer in \[1, 100\], got 500$/,
    ],
    [{ ...valid, optimizers: [] }, /^optimizers: must be a non-empty array/],
    [
      {
        ...valid,
        optimizers: [{ id: 'gd', schedule: { kind: 'cosine', minFactor: 2 } }],
      },
      /^optimizers\[0\]\.schedule\.minFactor: must be a number in \[0, 1\], got 2$/,
    ],
    [
      { ...valid, stpes: 10 },
      /^spec\.stpes: unknown field; allowed: version, landscape/,
    ],
    [{ ...valid, version: 2 }, /^version: must be 1, got 2$/],
    [
      { ...valid, optimizers: [{ id: 'gd', gradient: { id: 'samm' } }] },
      /^optimizers\[0\]\.gradient\.id: unknown gradient "samm"; one of plain, sam, asam/,
    ],
    [
      {
        ...valid,
        optimizers: [{ id: 'gd', gradient: { id: 'sam', hyper: { rho: -1 } } }],
      },
      /^optimizers\[0\]\.gradient\.hyper\.rho: must be a number in \[0, 10\], got -1$/,
    ],
    [
      { ...valid, optimizers: [{ id: 'gd', swa: { start: 0 } }] },
      /^optimizers\[0\]\.swa\.start: must be an integer in \[1, 1000000\], got 0$/,
    ],
    [
      { ...valid, noise: { sigma: 1, model: 'pink' } },
      /^noise\.model: must be one of isotropic, hessian, got "pink"$/,
    ],
    [
      { ...valid, sharpness: { entropySamples: 1000 } },
      /^sharpness\.entropySamples: must be an integer in \[1, 256\], got 1000$/,
    ],
  ])('%#: %j', (spec, message) => {
    expect(issuesOf(spec).join('\n')).toMatch(message);
  });

  test('every problem is reported at once', () => {
    const issues = issuesOf({
      ...valid,
      steps: -5,
      optimizers: [{ id: 'gd', hyper: { lr: 0 } }, { id: 'nope' }],
    });
    expect(issues).toHaveLength(3);
  });

  test('too many runs times optimizers is refused', () => {
    const opts = Array.from({ length: 3 }, () => ({ id: 'gd' }));
    const issues = issuesOf({
      ...valid,
      optimizers: opts,
      starts: { kind: 'grid', nx: 4096, ny: 4096 },
    });
    expect(issues.join()).toContain(`at most ${LIMITS.maxTotalRuns}`);
  });

  test('trajectories beyond the point budget are refused', () => {
    const issues = issuesOf({
      ...valid,
      steps: 1_000_000,
      record: { trajectories: 12 },
    });
    expect(issues.join()).toMatch(
      /^record\.trajectories: trajectories \* \(steps \+ 1\) must be at most/,
    );
  });

  test('a non-object spec is refused with a message, not a crash', () => {
    expect(issuesOf(null)).toEqual(['spec: must be an object, got null']);
    expect(issuesOf([1])).toEqual(['spec: must be an object, got an array']);
  });
});

describe('starts', () => {
  test('grid starts are cell centres, row by row from the bottom', () => {
    const s = resolveSpec(valid);
    const p = generateStarts(s.starts, s.seed);
    expect(Array.from(p.subarray(0, 4))).toEqual(
      [-3.75, -10 / 3, -1.25, -10 / 3].map(Math.fround),
    );
    expect(p[2 * 11]).toBeCloseTo(3.75, 6);
    expect(p[2 * 11 + 1]).toBeCloseTo(10 / 3, 6);
  });

  test('uniform starts depend on the seed, stay in the bounds, and repeat', () => {
    const spec = resolveSpec({
      ...valid,
      starts: { kind: 'uniform', count: 1000 },
    });
    const a = generateStarts(spec.starts, 1);
    const b = generateStarts(spec.starts, 1);
    const c = generateStarts(spec.starts, 2);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    for (const v of a) expect(Math.abs(v)).toBeLessThanOrEqual(5);
    const meanX =
      a.filter((_, i) => i % 2 === 0).reduce((s, v) => s + v, 0) / 1000;
    expect(Math.abs(meanX)).toBeLessThan(0.3); // sd of the mean: 2.9 / sqrt(1000)
  });

  test('gaussian starts have the asked mean and spread', () => {
    const spec = resolveSpec({
      ...valid,
      starts: { kind: 'gaussian', count: 4000, mean: [1, -2], std: 0.5 },
    });
    const p = generateStarts(spec.starts, 3);
    const xs = p.filter((_, i) => i % 2 === 0);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(
      xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length,
    );
    expect(mean).toBeCloseTo(1, 1);
    expect(sd).toBeCloseTo(0.5, 1);
  });
});

test('records are taken at 0, every, 2 every, ... and at the last step', () => {
  expect(recordSteps(10, 4)).toEqual([0, 4, 8, 10]);
  expect(recordSteps(8, 4)).toEqual([0, 4, 8]);
  expect(recordSteps(1, 1)).toEqual([0, 1]);
});

describe('the runs whose paths are recorded', () => {
  test('are spread over a grid, not its first row', () => {
    const runs = Array.from(pathRuns(128 * 128, 32));
    expect(new Set(runs).size).toBe(32);
    const rows = new Set(runs.map((r) => Math.floor(r / 128)));
    const cols = new Set(runs.map((r) => r % 128));
    expect(rows.size).toBeGreaterThan(24);
    expect(cols.size).toBeGreaterThan(24);
  });

  test('are every run when the sample is as large as the runs', () => {
    expect(Array.from(pathRuns(5, 9))).toEqual([0, 1, 2, 3, 4]);
  });
});
