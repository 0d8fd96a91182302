/**
 * The fused kernel against the Float64 reference engine: every landscape
 * with gradient descent, every optimizer on four landscapes, 203 runs (not
 * a multiple of the workgroup size) from seeded uniform starts.
 */
import { describe, expect, test } from 'vitest';
import { GpuExperiment, runExperiment } from '../../src/engine/experiment';
import type { ExperimentResult } from '../../src/engine/results';
import { LANDSCAPES, findLandscape } from '../../src/objectives';
import type { Landscape } from '../../src/objectives/landscape';
import { OPTIMIZERS } from '../../src/optimizers';
import { ORACLES } from '../../src/oracles';
import type { Optimizer } from '../../src/optimizers/optimizer';
import { runReference } from '../../src/reference/engine';
import { defaultsOf } from '../../src/spec/params';
import type { ExperimentSpec } from '../../src/spec/spec';
import { resolveSpec } from '../../src/spec/validate';
import { expectClose, useGpu } from './harness';
import { evaluationTolerance } from './tolerances';

const gpu = useGpu();
const RUNS = 203;
/**
 * Steps per comparison. Near a minimum, adaptive and sign-based methods
 * oscillate chaotically (steps of about lr whatever the gradient), so that
 * float32 and Float64 paths part after a few dozen steps for reasons of
 * the method, not of the kernel: the optimizers are compared over fewer
 * steps than gradient descent.
 */
const GD_STEPS = 30;
const OPT_STEPS = 12;

/** Largest curvature over a 15 x 15 grid of the bounds (spectral bound). */
function maxCurvature(l: Landscape): number {
  const p = defaultsOf(l.params);
  const [[x0, x1], [y0, y1]] = l.bounds(p);
  let m = 0;
  for (let i = 0; i < 15; i++) {
    for (let j = 0; j < 15; j++) {
      const h = l.hessian(
        x0 + ((x1 - x0) * i) / 14,
        y0 + ((y1 - y0) * j) / 14,
        p,
      );
      m = Math.max(
        m,
        Math.abs(h.hxx) + Math.abs(h.hxy),
        Math.abs(h.hxy) + Math.abs(h.hyy),
      );
    }
  }
  return m;
}

function span(l: Landscape): number {
  const [[x0, x1], [y0, y1]] = l.bounds(defaultsOf(l.params));
  return Math.max(x1 - x0, y1 - y0);
}

/**
 * Hyperparameters that take sizeable but stable steps: a comparison of
 * float32 with Float64 needs paths that do not amplify rounding. RAdam's
 * first steps are plain momentum, so it gets a gradient-descent rate; the
 * Newton methods get more damping, since 1 / damping bounds how much they
 * amplify an error where the curvature vanishes.
 */
function hyperFor(o: Optimizer, l: Landscape): Record<string, number> {
  if (['gd', 'momentum', 'nesterov', 'radam'].includes(o.id)) {
    return { lr: 0.1 / maxCurvature(l) };
  }
  if (['newton', 'newton-diag'].includes(o.id)) return { damping: 0.5 };
  if (o.id === 'adadelta') return {};
  if (o.id === 'adagrad') return { lr: 0.05 * span(l) };
  return { lr: 0.005 * span(l) };
}

function specFor(
  l: Landscape,
  o: Optimizer,
  extra: Partial<ExperimentSpec> = {},
  steps = OPT_STEPS,
) {
  return resolveSpec({
    landscape: { id: l.id },
    optimizers: [{ id: o.id, hyper: hyperFor(o, l) }],
    starts: { kind: 'uniform', count: RUNS },
    steps,
    seed: 11,
    record: { every: 5, trajectories: 3 },
    ...extra,
  });
}

/**
 * Compares one optimizer's GPU results with the reference. Float32 steps
 * differ from Float64 ones by about 1e-7 relative each; over these short,
 * stable runs the paths stay within 1e-4 of the landscape's span. The GPU's
 * final loss is compared with the Float64 loss at the GPU's own end point,
 * so that it tests the evaluation, not the path, with the tolerance of the
 * landscape test (see evaluationTolerance).
 *
 * Newton's step divides by |lambda| + damping: where the curvature nearly
 * vanishes a float32 error in the Hessian is amplified by up to |H| /
 * damping in the step, so the Newton methods get ten times the tolerance.
 */
function compare(g: ExperimentResult, r: ExperimentResult, what: string) {
  const go = g.optimizers[0]!;
  const ro = r.optimizers[0]!;
  const l = findLandscape(g.landscape.id)!;
  const newton = go.id.startsWith('newton') ? 10 : 1;
  const s = span(l);
  const pathTol = { atol: 1e-4 * newton * s, rtol: 1e-4 * newton };
  const run = (i: number) => `run ${i >> 1} ${i % 2 ? 'y' : 'x'}`;
  expect(Array.from(go.divergedAt), `${what}: divergence steps`).toEqual(
    Array.from(ro.divergedAt),
  );
  expectClose(go.final, ro.final, pathTol, `${what}: final positions`, run);
  const p = defaultsOf(l.params);
  const lossAtGpuEnd = Array.from(
    go.loss,
    (_, i) => l.valueGrad(go.final[2 * i]!, go.final[2 * i + 1]!, p).value,
  );
  expectClose(
    go.loss,
    lossAtGpuEnd,
    {
      atol: evaluationTolerance(l) * Math.max(...lossAtGpuEnd.map(Math.abs)),
      rtol: 1e-4,
    },
    `${what}: final losses`,
  );
  expectClose(
    go.trajectories.points,
    ro.trajectories.points,
    pathTol,
    `${what}: trajectories`,
  );
  expect(go.quantiles.live).toEqual(ro.quantiles.live);
}

describe('every landscape with gradient descent matches the reference', () => {
  const gd = OPTIMIZERS.find((o) => o.id === 'gd')!;
  test.each(LANDSCAPES.map((l) => [l.id, l] as const))('%s', async (_id, l) => {
    const spec = specFor(l, gd, {}, GD_STEPS);
    compare(await runExperiment(gpu(), spec), runReference(spec), l.id);
  });
});

describe('every optimizer matches the reference on four landscapes', () => {
  const ids = ['quadratic', 'rosenbrock', 'himmelblau', 'two-wells'];
  const cases = OPTIMIZERS.flatMap((o) =>
    ids.map((id) => [`${o.id} on ${id}`, o, findLandscape(id)!] as const),
  );
  test.each(cases)('%s', async (name, o, l) => {
    const spec = specFor(l, o);
    compare(await runExperiment(gpu(), spec), runReference(spec), name);
  });
});

describe('the engine is deterministic and independent of how work is split', () => {
  const l = findLandscape('himmelblau')!;
  const adam = OPTIMIZERS.find((o) => o.id === 'adam')!;
  const noisy = { noise: { sigma: 2 } };

  test('gradient noise from the counter-based generator matches the reference', async () => {
    const spec = specFor(l, adam, noisy);
    compare(
      await runExperiment(gpu(), spec),
      runReference(spec),
      'adam with noise',
    );
  });

  test('mini-batch-shaped noise sigma |H|^(1/2) z matches the reference', async () => {
    const spec = specFor(l, adam, { noise: { sigma: 0.5, model: 'hessian' } });
    compare(
      await runExperiment(gpu(), spec),
      runReference(spec),
      'adam with Hessian-shaped noise',
    );
  });

  test('the same seed gives bit-identical results; another seed differs', async () => {
    const a = await runExperiment(gpu(), specFor(l, adam, noisy));
    const b = await runExperiment(gpu(), specFor(l, adam, noisy));
    const c = await runExperiment(
      gpu(),
      specFor(l, adam, { ...noisy, seed: 12 }),
    );
    expect(Array.from(a.optimizers[0]!.final)).toEqual(
      Array.from(b.optimizers[0]!.final),
    );
    expect(Array.from(a.optimizers[0]!.final)).not.toEqual(
      Array.from(c.optimizers[0]!.final),
    );
  });

  test('advancing a few steps per frame gives the results of one run to the end', async () => {
    const spec = specFor(l, adam, noisy);
    const whole = (await runExperiment(gpu(), spec)).optimizers[0]!;
    const e = await GpuExperiment.create(gpu(), spec);
    try {
      while (!e.finished) e.advance(3);
      const stats = await e.stats();
      const framed = (await e.results()).optimizers[0]!;
      expect(Array.from(framed.final)).toEqual(Array.from(whole.final));
      expect(framed.quantiles).toEqual(whole.quantiles);
      expect(stats.optimizers[0]!.quantiles).toEqual(whole.quantiles);
      expect(stats.optimizers[0]!.basins).toEqual(whole.basins);
    } finally {
      e.destroy();
    }
  });

  test('chunks of 50 runs and dispatches of 7 steps give bit-identical results', async () => {
    const spec = specFor(l, adam, noisy);
    const whole = await runExperiment(gpu(), spec);
    const split = await runExperiment(gpu(), spec, {
      maxRunsPerChunk: 50,
      maxStepsPerDispatch: 7,
    });
    const w = whole.optimizers[0]!;
    const s = split.optimizers[0]!;
    expect(Array.from(s.final)).toEqual(Array.from(w.final));
    expect(Array.from(s.divergedAt)).toEqual(Array.from(w.divergedAt));
    expect(Array.from(s.convergedAt)).toEqual(Array.from(w.convergedAt));
    expect(Array.from(s.basin)).toEqual(Array.from(w.basin));
    expect(s.quantiles.values).toEqual(w.quantiles.values);
    expect(Array.from(s.trajectories.points)).toEqual(
      Array.from(w.trajectories.points),
    );
  });

  test.each(['isotropic', 'hessian'] as const)(
    'one to eight runs per invocation give bit-identical results (%s noise, SAM, SWA, diverging runs)',
    async (model) => {
      // GD at lr 0.03 leaves Himmelblau's box from its steep rim (about
      // 40 of 203 runs diverge, in different dispatches); chunks of 50 and
      // 203 runs leave partly idle invocations at every choice
      const spec = resolveSpec({
        landscape: { id: 'himmelblau' },
        optimizers: [
          { id: 'gd', hyper: { lr: 0.03 }, swa: { start: 5, every: 2 } },
          {
            id: 'adam',
            hyper: { lr: 0.05 },
            gradient: { id: 'sam', hyper: { rho: 0.05 } },
          },
        ],
        starts: { kind: 'uniform', count: RUNS },
        steps: 40,
        seed: 3,
        noise: { sigma: 0.5, model },
        record: { every: 10, trajectories: 5 },
      });
      const split = { maxRunsPerChunk: 50, maxStepsPerDispatch: 7 };
      const one = await runExperiment(gpu(), spec, {
        ...split,
        runsPerInvocation: 1,
      });
      const diverged = one.optimizers[0]!.diverged.count;
      expect(diverged, 'GD runs that diverge').toBeGreaterThan(0);
      expect(diverged, 'GD runs that diverge').toBeLessThan(RUNS);
      for (const r of [2, 3, 5, 8] as const) {
        const other = await runExperiment(gpu(), spec, {
          ...split,
          runsPerInvocation: r,
        });
        other.optimizers.forEach((o, k) => {
          const w = one.optimizers[k]!;
          const what = `${o.id}, ${r} runs per invocation`;
          expect(Array.from(o.final), what).toEqual(Array.from(w.final));
          expect(Array.from(o.loss), what).toEqual(Array.from(w.loss));
          expect(Array.from(o.divergedAt), what).toEqual(
            Array.from(w.divergedAt),
          );
          expect(Array.from(o.convergedAt), what).toEqual(
            Array.from(w.convergedAt),
          );
          expect(Array.from(o.trajectories.points), what).toEqual(
            Array.from(w.trajectories.points),
          );
          expect(o.quantiles.values, what).toEqual(w.quantiles.values);
          expect(o.swa?.final && Array.from(o.swa.final), what).toEqual(
            w.swa?.final && Array.from(w.swa.final),
          );
        });
      }
    },
  );

  test('a runs-per-invocation choice other than 1 to 8 or auto is refused by name', async () => {
    const spec = specFor(l, adam);
    await expect(
      runExperiment(gpu(), spec, {
        runsPerInvocation: 9 as unknown as 1,
      }),
    ).rejects.toThrow(
      /runsPerInvocation: must be an integer from 1 to 8 or 'auto', got 9/,
    );
  });
});

/**
 * Oracle settings that keep the paths well conditioned: perturbations of
 * about 1 percent of the span, and an inner Langevin step that is stable
 * for the landscape's curvature. (Large SAM balls on Rastrigin's ripples,
 * say, make the gradient jump with the ascent direction: float32 and
 * Float64 paths then part for reasons of the method.)
 */
function oracleHyperFor(id: string, l: Landscape): Record<string, number> {
  const s = span(l);
  switch (id) {
    case 'sam':
      return { rho: 0.01 * s };
    case 'asam':
      return { rho: 0.001 * s };
    case 'entropy-sgd':
      return { innerLr: 0.1 / maxCurvature(l), gamma: 1 };
    case 'anti-pgd':
    case 'lpf-sgd':
      return { sigma: 0.01 * s };
    default:
      return {};
  }
}

describe('every gradient oracle matches the reference under GD and Adam', () => {
  const ids = ['himmelblau', 'two-wells', 'quadratic'];
  const bases = ['gd', 'adam'].map((id) =>
    OPTIMIZERS.find((o) => o.id === id)!,
  );
  const cases = ORACLES.filter((o) => o.id !== 'plain').flatMap((oracle) =>
    bases.flatMap((base) =>
      ids.map(
        (id) =>
          [
            `${oracle.id} on ${base.id}, ${id}`,
            oracle,
            base,
            findLandscape(id)!,
          ] as const,
      ),
    ),
  );
  test.each(cases)('%s', async (name, oracle, base, l) => {
    // gradient noise on, so that every noise stream is exercised
    const spec = resolveSpec({
      landscape: { id: l.id },
      optimizers: [
        {
          id: base.id,
          hyper: hyperFor(base, l),
          gradient: { id: oracle.id, hyper: oracleHyperFor(oracle.id, l) },
        },
      ],
      starts: { kind: 'uniform', count: RUNS },
      steps: OPT_STEPS,
      seed: 5,
      noise: { sigma: 0.01 * maxCurvature(l) },
      record: { every: 4, trajectories: 3 },
    });
    compare(await runExperiment(gpu(), spec), runReference(spec), name);
  });

  test('SAM with rho = 0 equals its base optimizer bit for bit', async () => {
    const l = findLandscape('himmelblau')!;
    const adam = OPTIMIZERS.find((o) => o.id === 'adam')!;
    const spec = (gradient?: { id: string; hyper: { rho: number } }) =>
      resolveSpec({
        landscape: { id: l.id },
        optimizers: [{ id: 'adam', hyper: hyperFor(adam, l), gradient }],
        starts: { kind: 'uniform', count: RUNS },
        steps: 50,
        noise: { sigma: 1 },
      });
    const base = await runExperiment(gpu(), spec());
    const sam0 = await runExperiment(
      gpu(),
      spec({ id: 'sam', hyper: { rho: 0 } }),
    );
    const b = base.optimizers[0]!;
    const s = sam0.optimizers[0]!;
    expect(Array.from(s.final)).toEqual(Array.from(b.final));
    expect(s.quantiles.values).toEqual(b.quantiles.values);
    const r = runReference(spec({ id: 'sam', hyper: { rho: 0 } }));
    expect(Array.from(r.optimizers[0]!.final)).toEqual(
      Array.from(runReference(spec()).optimizers[0]!.final),
    );
  });

  test('SWA averages the iterates like the reference', async () => {
    const l = findLandscape('rastrigin')!;
    const gd = OPTIMIZERS.find((o) => o.id === 'gd')!;
    const spec = resolveSpec({
      landscape: { id: l.id },
      optimizers: [
        { id: 'gd', hyper: hyperFor(gd, l), swa: { start: 10, every: 3 } },
      ],
      starts: { kind: 'uniform', count: RUNS },
      steps: 40,
    });
    const g = (await runExperiment(gpu(), spec)).optimizers[0]!;
    const r = runReference(spec).optimizers[0]!;
    expect(g.swa).not.toBeNull();
    expectClose(
      g.swa!.final,
      r.swa!.final,
      { atol: 1e-3, rtol: 1e-4 },
      'SWA means',
    );
    expect(Array.from(g.swa!.basin)).toEqual(Array.from(r.swa!.basin));
    // the mean of iterates 10, 13, ..., 40 is not the last iterate
    expect(Array.from(g.swa!.final)).not.toEqual(Array.from(g.final));
  });
});
