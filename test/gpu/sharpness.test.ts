/**
 * The sharpness kernel against its Float64 twin, and two facts of the
 * theory that the engine must reproduce: gradient descent's stability
 * threshold 2 / lambda and heavy-ball momentum's optimal rate.
 */
import { describe, expect, test } from 'vitest';
import { runExperiment } from '../../src/engine/experiment';
import { findLandscape } from '../../src/objectives';
import { defaultsOf } from '../../src/spec/params';
import { sharpnessAt } from '../../src/reference/sharpness';
import { resolveSpec } from '../../src/spec/validate';
import { expectClose, useGpu } from './harness';
import { evaluationTolerance } from './tolerances';

const gpu = useGpu();

describe('sharpness measures on the GPU match the Float64 twin', () => {
  test.each(['himmelblau', 'two-wells', 'rastrigin', 'styblinski-tang'])(
    '%s: at 203 end points of GD',
    async (id) => {
      const l = findLandscape(id)!;
      const spec = resolveSpec({
        landscape: { id },
        optimizers: [{ id: 'gd', hyper: { lr: 1e-3 } }],
        starts: { kind: 'uniform', count: 203 },
        steps: 20,
        sharpness: { epsilon: 0.05, rho: 0.05, entropySamples: 37 },
      });
      const o = (await runExperiment(gpu(), spec)).optimizers[0]!;
      const p = defaultsOf(l.params);
      const ref = Array.from({ length: o.runs }, (_, i) =>
        sharpnessAt(
          l,
          p,
          o.final[2 * i]!,
          o.final[2 * i + 1]!,
          spec.sharpness,
          spec.seed,
          i,
        ),
      );
      const frac = evaluationTolerance(l);
      const maxAbs = (v: number[]) => Math.max(...v.map(Math.abs));
      // Eigenvalues: the Hessian's float32 evaluation tolerance (as in the
      // landscape test) of the largest eigenvalue.
      const lmax = ref.map((r) => r.lambdaMax);
      const lmin = ref.map((r) => r.lambdaMin);
      const scale = Math.max(maxAbs(lmax), maxAbs(lmin));
      expectClose(
        o.sharpness!.perRun.lambdaMax,
        lmax,
        { atol: frac * scale, rtol: 1e-4 },
        `${id} lambda_max`,
      );
      expectClose(
        o.sharpness!.perRun.lambdaMin,
        lmin,
        { atol: frac * scale, rtol: 1e-4 },
        `${id} lambda_min`,
      );
      // Loss differences: a difference of two float32 losses carries the
      // evaluation error of both, relative to the loss, and the division
      // by 1 + |f| keeps it; SAM sharpness divides by nothing.
      const fmax = maxAbs(Array.from(o.loss));
      expectClose(
        o.sharpness!.perRun.samSharpness,
        ref.map((r) => r.samSharpness),
        { atol: 2 * frac * fmax, rtol: 1e-3 },
        `${id} SAM sharpness`,
      );
      expectClose(
        o.sharpness!.perRun.epsSharpness,
        ref.map((r) => r.epsSharpness),
        { atol: 2 * frac * fmax, rtol: 1e-3 },
        `${id} epsilon-sharpness`,
      );
      expectClose(
        o.sharpness!.perRun.localEntropy,
        ref.map((r) => r.localEntropy),
        { atol: 2 * frac * fmax, rtol: 1e-4 },
        `${id} local entropy`,
      );
    },
  );

  test('a sharp minimum measures sharper than a flat one by every measure', async () => {
    const spec = resolveSpec({
      landscape: { id: 'two-wells' },
      optimizers: [{ id: 'gd', hyper: { lr: 0.05 } }],
      starts: {
        kind: 'list',
        points: [
          [-1.5, 0.05],
          [1.4, -0.1],
        ],
      },
      steps: 400,
    });
    const s = (await runExperiment(gpu(), spec)).optimizers[0]!.sharpness!
      .perRun;
    // run 0 ends in the deep narrow well, run 1 in the wide shallow one
    expect(s.lambdaMax[0]!).toBeGreaterThan(10 * s.lambdaMax[1]!);
    expect(s.trace[0]!).toBeGreaterThan(s.trace[1]!);
    expect(s.epsSharpness[0]!).toBeGreaterThan(s.epsSharpness[1]!);
    expect(s.samSharpness[0]!).toBeGreaterThan(s.samSharpness[1]!);
  });
});

describe('the theory the engine must reproduce', () => {
  // f = (lambda u^2 + lambda / kappa v^2) / 2 with lambda = 4
  const quadratic = (lr: number) =>
    resolveSpec({
      landscape: {
        id: 'quadratic',
        params: { scale: 4, kappa: 10, angle: 30 },
      },
      optimizers: [{ id: 'gd', hyper: { lr } }],
      starts: { kind: 'uniform', count: 1000 },
      steps: 2000,
      convergence: { gradTol: 1e-4, lossTol: 1e-6 },
    });

  test('GD converges in every run just under 2 / lambda and diverges just over', async () => {
    const under = (await runExperiment(gpu(), quadratic(0.49))).optimizers[0]!;
    const over = (await runExperiment(gpu(), quadratic(0.51))).optimizers[0]!;
    expect(under.converged.count).toBe(1000);
    expect(under.diverged.count).toBe(0);
    expect(over.diverged.count).toBe(1000);
  });

  test('heavy ball with the optimal step and momentum converges at (sqrt(k) - 1) / (sqrt(k) + 1)', async () => {
    const L = 1;
    const kappa = 100;
    const mu = L / kappa;
    const lr = 4 / (Math.sqrt(L) + Math.sqrt(mu)) ** 2;
    const rate = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
    const spec = resolveSpec({
      landscape: { id: 'quadratic', params: { scale: L, kappa, angle: 20 } },
      optimizers: [{ id: 'momentum', hyper: { lr, momentum: rate ** 2 } }],
      starts: { kind: 'list', points: [[3, -2]] },
      steps: 120,
      record: { every: 1 },
    });
    const q = (await runExperiment(gpu(), spec)).optimizers[0]!.quantiles;
    const loss = q.values.map((v) => v[1]!);
    // The loss is quadratic in the error, and the error of critically
    // damped heavy ball falls as t rate^t: over steps 60 to 120 the t
    // factor adds log(2) / 60 to the log-rate, which is taken out.
    const t1 = 60;
    const t2 = 120;
    const measured =
      Math.exp(Math.log(loss[t2]! / loss[t1]!) / (2 * (t2 - t1))) /
      Math.exp(Math.log(t2 / t1) / (t2 - t1));
    expect(Math.abs(measured - rate) / rate).toBeLessThan(0.01);
  });
});
