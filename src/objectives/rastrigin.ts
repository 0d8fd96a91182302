import wgsl from '../../shaders/objectives/rastrigin.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';
import { refineAll } from './stationary';

interface RastriginParams {
  readonly A: number;
}

/*
 * f = sum_i (x_i^2 + 2 A sin^2(pi x_i)), equal to the textbook
 * 2 A + sum_i (x_i^2 - A cos(2 pi x_i)) but without its cancellation near
 * the global minimum. The angle pi x is reduced by whole turns to
 * [-pi, pi] first (x - 2 round(x / 2) is exact in f32): WGSL bounds the
 * error of sin and cos only inside that range.
 */

/** sin(pi v) and cos(pi v). */
function sinCosPi(v: number): [number, number] {
  const t = Math.PI * (v - 2 * Math.round(0.5 * v));
  return [Math.sin(t), Math.cos(t)];
}

function valueGrad(x: number, y: number, p: RastriginParams): ValueGrad {
  const [sx, cx] = sinCosPi(x);
  const [sy, cy] = sinCosPi(y);
  const twoA = 2 * p.A;
  const k = 2 * Math.PI * twoA;
  return {
    value: x * x + twoA * sx * sx + (y * y + twoA * sy * sy),
    gx: 2 * x + k * sx * cx,
    gy: 2 * y + k * sy * cy,
  };
}

function hessian(x: number, y: number, p: RastriginParams): Hessian2 {
  const [sx, cx] = sinCosPi(x);
  const [sy, cy] = sinCosPi(y);
  const k = 2 * Math.PI * Math.PI * (2 * p.A);
  return {
    hxx: 2 + k * (cx * cx - sx * sx),
    hxy: 0,
    hyy: 2 + k * (cy * cy - sy * sy),
  };
}

/** Rastrigin: a bowl covered in a lattice of local minima. */
export const rastrigin = landscape({
  id: 'rastrigin',
  name: 'Rastrigin',
  summary:
    'A parabolic bowl under a lattice of regular ripples: a local method ' +
    'stops in the nearest of a hundred local minima, which makes it the ' +
    'standard test of exploration and of step-size noise.',
  reference:
    'L. A. Rastrigin, Systems of Extremal Control, Nauka, Moscow, 1974; ' +
    'M. Jamil, X.-S. Yang, A literature survey of benchmark functions for ' +
    'global optimization problems, IJMMNO 4(2), 2013.',
  params: {
    A: {
      label: 'amplitude A',
      doc: 'Height of the cosine ripples; 0 leaves a plain bowl.',
      default: 10,
      min: 0,
      max: 100,
      scale: 'linear',
    },
  },
  bounds: () => [
    [-5.12, 5.12],
    [-5.12, 5.12],
  ],
  // Seeds at the integer points of [-5, 5]^2; for small A the outer ripples
  // no longer hold a minimum and those seeds are dropped.
  minima: (p) => {
    const seeds: [number, number, string][] = [[0, 0, 'global (0, 0)']];
    for (let i = -5; i <= 5; i++) {
      for (let j = -5; j <= 5; j++) {
        if (i !== 0 || j !== 0) seeds.push([i, j, `local near (${i}, ${j})`]);
      }
    }
    return refineAll(
      (x, y) => valueGrad(x, y, p),
      (x, y) => hessian(x, y, p),
      seeds,
      'minimum',
      0.5,
    );
  },
  saddles: () => [],
  basinRadius: () => 0.25,
  valueGrad,
  hessian,
  wgsl,
});
