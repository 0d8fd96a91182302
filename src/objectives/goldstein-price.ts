import wgsl from '../../shaders/objectives/goldstein-price.wgsl?raw';
import { refineCritical } from './critical';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

/*
 * With s = x + y + 1 and t = 2x - 3y the two brackets of Goldstein-Price
 * are polynomials of one variable each: f = A(s) B(t), where
 * A(s) = 1 + s^2 (36 - 20 s + 3 s^2) and B(t) = 30 + t^2 (18 - 16 t + 3 t^2).
 * The stationary points are where A' = 0 (s = 0, 2, 3) and B' = 0
 * (t = 0, 1, 3): four minima, four saddles and one maximum.
 */

function valueGrad(x: number, y: number): ValueGrad {
  const s = x + y + 1;
  const t = 2 * x - 3 * y;
  const fa = 1 + s * s * (36 + s * (3 * s - 20));
  const da = s * (72 + s * (12 * s - 60));
  const fb = 30 + t * t * (18 + t * (3 * t - 16));
  const db = t * (36 + t * (12 * t - 48));
  const ab = da * fb;
  const bb = fa * db;
  return { value: fa * fb, gx: ab + 2 * bb, gy: ab - 3 * bb };
}

function hessian(x: number, y: number): Hessian2 {
  const s = x + y + 1;
  const t = 2 * x - 3 * y;
  const fa = 1 + s * s * (36 + s * (3 * s - 20));
  const da = s * (72 + s * (12 * s - 60));
  const dda = 72 + s * (36 * s - 120);
  const fb = 30 + t * t * (18 + t * (3 * t - 16));
  const db = t * (36 + t * (12 * t - 48));
  const ddb = 36 + t * (36 * t - 96);
  const aa = dda * fb;
  const ab = da * db;
  const bb = fa * ddb;
  return {
    hxx: aa + 4 * ab + 4 * bb,
    hxy: aa - ab - 6 * bb,
    hyy: aa - 6 * ab + 9 * bb,
  };
}

/** The point with s = x + y + 1 and t = 2x - 3y, refined. */
const at = (s: number, t: number, label: string) =>
  refineCritical(
    valueGrad,
    hessian,
    (3 * (s - 1) + t) / 5,
    (2 * (s - 1) - t) / 5,
    label,
  );

/** Goldstein and Price (1971): minima whose values differ by 300 times. */
export const goldsteinPrice = landscape({
  id: 'goldstein-price',
  name: 'Goldstein-Price',
  summary:
    'Four minima whose values range from 3 to 840 on a surface that spans ' +
    'six orders of magnitude: steep walls punish fixed step sizes and ' +
    'the nearest basin is rarely the best one.',
  reference:
    'A. A. Goldstein, J. F. Price, On Descent from Local Minima, ' +
    'Mathematics of Computation 25(115), 569-574, 1971.',
  params: {},
  bounds: () => [
    [-2, 2],
    [-2, 2],
  ],
  minima: () => [
    at(0, 3, 'global (0, -1)'),
    at(0, 0, 'local (-0.6, -0.4)'),
    at(3, 3, 'local (1.8, 0.2)'),
    at(3, 0, 'local (1.2, 0.8)'),
  ],
  saddles: () => [
    at(0, 1, 'saddle (-0.4, -0.6)'),
    at(2, 3, 'saddle (1.2, -0.2)'),
    at(3, 1, 'saddle (1.4, 0.6)'),
    at(2, 0, 'saddle (0.6, 0.4)'),
    at(2, 1, 'maximum (0.8, 0.2)'),
  ],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x, y) => hessian(x, y),
  wgsl,
});
