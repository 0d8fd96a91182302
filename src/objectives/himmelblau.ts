import wgsl from '../../shaders/objectives/himmelblau.wgsl?raw';
import { refineCritical } from './critical';
import { landscape } from './landscape';

function valueGrad(x: number, y: number) {
  const a = x * x + y - 11;
  const b = x + y * y - 7;
  return {
    value: a * a + b * b,
    gx: 4 * x * a + 2 * b,
    gy: 2 * a + 4 * y * b,
  };
}

function hessian(x: number, y: number) {
  return {
    hxx: 12 * x * x + 4 * y - 42,
    hxy: 4 * (x + y),
    hyy: 4 * x + 12 * y * y - 26,
  };
}

const refine = (x: number, y: number, label: string) =>
  refineCritical(valueGrad, hessian, x, y, label);

/** Himmelblau (1972): four equal minima, the classic basin picture. */
export const himmelblau = landscape({
  id: 'himmelblau',
  name: 'Himmelblau',
  summary:
    'Four global minima of equal depth separated by saddles: the ' +
    'textbook picture of basins of attraction.',
  reference: 'D. M. Himmelblau, Applied Nonlinear Programming, 1972.',
  params: {},
  bounds: () => [
    [-5, 5],
    [-5, 5],
  ],
  minima: () => [
    refine(3, 2, 'A (3, 2)'),
    refine(-2.805118, 3.131312, 'B (-2.81, 3.13)'),
    refine(-3.77931, -3.283186, 'C (-3.78, -3.28)'),
    refine(3.584428, -1.848126, 'D (3.58, -1.85)'),
  ],
  saddles: () => [
    refine(-0.270845, -0.923039, 'maximum'),
    refine(0.086677, 2.884254, 'saddle'),
    refine(-3.073026, -0.081353, 'saddle'),
    refine(3.385154, 0.073852, 'saddle'),
    refine(-0.127961, -1.953715, 'saddle'),
  ],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x, y) => hessian(x, y),
  wgsl,
});
