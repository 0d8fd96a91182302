import { describe, test } from 'vitest';
import { probeLandscape } from '../../src/engine/probe';
import { LANDSCAPES } from '../../src/objectives';
import { defaultsOf } from '../../src/spec/params';
import { pcg4d } from '../../src/util/random';
import { expectClose, useGpu } from './harness';
import { evaluationTolerance } from './tolerances';

const gpu = useGpu();

/** 101 points (not a multiple of the workgroup size) inside the bounds. */
function probePoints(bounds: readonly (readonly [number, number])[]) {
  const n = 101;
  const pts = new Float32Array(2 * n);
  const [[x0, x1], [y0, y1]] = bounds as [[number, number], [number, number]];
  for (let i = 0; i < n; i++) {
    const [a, b] = pcg4d(7, i, 0, 99);
    pts[2 * i] = x0 + ((a >>> 8) / 2 ** 24) * (x1 - x0);
    pts[2 * i + 1] = y0 + ((b >>> 8) / 2 ** 24) * (y1 - y0);
  }
  return pts;
}

/**
 * Largest magnitude of component c of each triple, so that the absolute
 * tolerance scales with the size of what is compared.
 */
function scaleOf(v: Float64Array, c: number): number {
  let m = 0;
  for (let i = c; i < v.length; i += 3) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

describe('each landscape module on the GPU matches its Float64 twin', () => {
  test.each(LANDSCAPES.map((l) => [l.id, l] as const))(
    '%s: value, gradient and Hessian at 101 points',
    async (_id, l) => {
      const params = defaultsOf(l.params);
      const pts = probePoints(l.bounds(params));
      const got = await probeLandscape(gpu(), l, params, pts);
      const n = pts.length / 2;
      const vg = new Float64Array(3 * n);
      const h = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) {
        const x = pts[2 * i]!;
        const y = pts[2 * i + 1]!;
        const r = l.valueGrad(x, y, params);
        const hh = l.hessian(x, y, params);
        vg.set([r.value, r.gx, r.gy], 3 * i);
        h.set([hh.hxx, hh.hxy, hh.hyy], 3 * i);
      }
      // An absolute error of a fraction of the largest magnitude over the
      // points (see evaluationTolerance), plus 1e-4 relative.
      const frac = evaluationTolerance(l);
      const names = ['f', 'df/dx', 'df/dy', 'hxx', 'hxy', 'hyy'];
      for (let c = 0; c < 3; c++) {
        const pick = (a: ArrayLike<number>) =>
          Array.from({ length: n }, (_, i) => a[3 * i + c]!);
        const label = (i: number) =>
          `${names[c]} at (${pts[2 * i]!.toFixed(3)}, ${pts[2 * i + 1]!.toFixed(3)})`;
        expectClose(
          pick(got.valueGrad),
          pick(vg),
          { atol: frac * scaleOf(vg, c), rtol: 1e-4 },
          `${l.id} ${names[c]}`,
          label,
        );
        expectClose(
          pick(got.hessian),
          pick(h),
          { atol: frac * scaleOf(h, c), rtol: 1e-4 },
          `${l.id} ${names[c + 3]}`,
          (i) => label(i).replace(names[c]!, names[c + 3]!),
        );
      }
    },
  );
});
