import wgsl from '../../shaders/objectives/levy.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';
import { refineAll } from './stationary';

/*
 * With d_i = w_i - 1 = (x_i - 1) / 4, and since sin(pi + z) = -sin(z) only
 * enters squared or as sin cos, Levy's function is
 * f = sin^2(pi d1) + d1^2 (1 + 10 sin^2(pi d1 + 1)) + d2^2 (1 + sin^2(2 pi d2)),
 * which is exactly 0 at the global minimum (1, 1) in f32 too. The sines
 * and cosines enter only squared or as sin cos of one angle, which a common
 * sign flip leaves alone, so each angle is reduced by whole half-turns to
 * [-pi/2, pi/2] first: WGSL bounds the error of sin and cos only inside
 * [-pi, pi].
 */

const INV_PI = 1 / Math.PI;

/** sin(pi n) and cos(pi n), both up to the same sign. */
function sinCosPi(n: number): [number, number] {
  const t = Math.PI * (n - Math.round(n));
  return [Math.sin(t), Math.cos(t)];
}

function valueGrad(x: number, y: number): ValueGrad {
  const dx = 0.25 * (x - 1);
  const dy = 0.25 * (y - 1);
  const [s1, c1] = sinCosPi(dx);
  const [s2, c2] = sinCosPi(dx + INV_PI);
  const [s3, c3] = sinCosPi(2 * dy);
  const q1 = 1 + 10 * s2 * s2;
  const q2 = 1 + s3 * s3;
  // Derivatives with respect to d; dd / dx = 1 / 4.
  const g1 =
    2 * Math.PI * s1 * c1 + 2 * dx * q1 + 20 * Math.PI * dx * dx * s2 * c2;
  const g2 = 2 * dy * q2 + 4 * Math.PI * dy * dy * s3 * c3;
  return {
    value: s1 * s1 + dx * dx * q1 + dy * dy * q2,
    gx: 0.25 * g1,
    gy: 0.25 * g2,
  };
}

function hessian(x: number, y: number): Hessian2 {
  const dx = 0.25 * (x - 1);
  const dy = 0.25 * (y - 1);
  const [s1, c1] = sinCosPi(dx);
  const [s2, c2] = sinCosPi(dx + INV_PI);
  const [s3, c3] = sinCosPi(2 * dy);
  const pp = Math.PI * Math.PI;
  const h1 =
    2 * pp * (c1 * c1 - s1 * s1) +
    2 * (1 + 10 * s2 * s2) +
    80 * Math.PI * dx * s2 * c2 +
    20 * pp * dx * dx * (c2 * c2 - s2 * s2);
  const h2 =
    2 * (1 + s3 * s3) +
    16 * Math.PI * dy * s3 * c3 +
    8 * pp * dy * dy * (c3 * c3 - s3 * s3);
  return { hxx: 0.0625 * h1, hxy: 0, hyy: 0.0625 * h2 };
}

/** Minima of the x and of the y term nearest the global one, approximate. */
const LEVY_X = [1, 3.791082, -4.205435];
const LEVY_Y = [1, -2.89065, 4.89065];

/** Levy: a rippled bowl whose ripples differ between the two axes. */
export const levy = landscape({
  id: 'levy',
  name: 'Levy',
  summary:
    'A bowl under ripples of different period along each axis, with many ' +
    'shallow local minima around the global one at (1, 1).',
  reference:
    'A. V. Levy, A. Montalvo, The tunneling algorithm for the global ' +
    'minimization of functions, SIAM J. Sci. Stat. Comput. 6(1), 15-29, ' +
    '1985; S. Surjanovic, D. Bingham, Virtual Library of Simulation ' +
    'Experiments (Levy function).',
  params: {},
  bounds: () => [
    [-10, 10],
    [-10, 10],
  ],
  // The global minimum and the eight local minima around it: products of
  // the nearest minima of the two separable terms.
  minima: () => {
    const seeds: [number, number, string][] = [];
    for (const x of LEVY_X) {
      for (const y of LEVY_Y) {
        const label =
          x === 1 && y === 1
            ? 'global (1, 1)'
            : `local (${x.toFixed(2)}, ${y.toFixed(2)})`;
        seeds.push([x, y, label]);
      }
    }
    return refineAll(valueGrad, hessian, seeds, 'minimum', 0.5);
  },
  saddles: () => [],
  basinRadius: () => 0.25,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x, y) => hessian(x, y),
  wgsl,
});
