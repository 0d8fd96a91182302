import wgsl from '../../shaders/objectives/styblinski-tang.wgsl?raw';
import { refineCritical } from './critical';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

function valueGrad(x: number, y: number): ValueGrad {
  const x2 = x * x;
  const y2 = y * y;
  return {
    value: 0.5 * x * (x * (x2 - 16) + 5) + 0.5 * y * (y * (y2 - 16) + 5),
    gx: x * (2 * x2 - 16) + 2.5,
    gy: y * (2 * y2 - 16) + 2.5,
  };
}

function hessian(x: number, y: number): Hessian2 {
  return { hxx: 6 * x * x - 16, hxy: 0, hyy: 6 * y * y - 16 };
}

const refine = (x: number, y: number, label: string) =>
  refineCritical(valueGrad, hessian, x, y, label);

// The stationary points of one coordinate's term x^4 - 16 x^2 + 5 x.
const LOW = -2.903534;
const HIGH = 2.746803;
const TOP = 0.156731;

/** Styblinski and Tang (1990): four minima on a separable quartic. */
export const styblinskiTang = landscape({
  id: 'styblinski-tang',
  name: 'Styblinski-Tang',
  summary:
    'A separable quartic with four minima of different depths in the ' +
    'corners: a run settles in the quadrant it starts in, whatever the ' +
    'depth of the others.',
  reference:
    'M. A. Styblinski, T.-S. Tang, Experiments in nonconvex optimization: ' +
    'Stochastic approximation with function smoothing and simulated ' +
    'annealing, Neural Networks 3(4), 467-483, 1990.',
  params: {},
  bounds: () => [
    [-5, 5],
    [-5, 5],
  ],
  minima: () => [
    refine(LOW, LOW, 'global (-2.90, -2.90)'),
    refine(LOW, HIGH, 'local (-2.90, 2.75)'),
    refine(HIGH, LOW, 'local (2.75, -2.90)'),
    refine(HIGH, HIGH, 'local (2.75, 2.75)'),
  ],
  saddles: () => [
    refine(TOP, LOW, 'saddle (0.16, -2.90)'),
    refine(LOW, TOP, 'saddle (-2.90, 0.16)'),
    refine(TOP, HIGH, 'saddle (0.16, 2.75)'),
    refine(HIGH, TOP, 'saddle (2.75, 0.16)'),
    refine(TOP, TOP, 'maximum (0.16, 0.16)'),
  ],
  basinRadius: () => 0.25,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x, y) => hessian(x, y),
  wgsl,
});
