import wgsl from '../../shaders/objectives/booth.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

function valueGrad(x: number, y: number): ValueGrad {
  const a = x + 2 * y - 7;
  const b = 2 * x + y - 5;
  return { value: a * a + b * b, gx: 2 * a + 4 * b, gy: 4 * a + 2 * b };
}

function hessian(): Hessian2 {
  return { hxx: 10, hxy: 8, hyy: 10 };
}

/** Booth: a tilted quadratic bowl, condition number 9. */
export const booth = landscape({
  id: 'booth',
  name: 'Booth',
  summary:
    'A tilted quadratic bowl with condition number 9 and its minimum away ' +
    'from the origin: the easy case every method should solve.',
  reference:
    'M. Jamil, X.-S. Yang, A literature survey of benchmark functions for ' +
    'global optimization problems, IJMMNO 4(2), 150-194, 2013 (Booth ' +
    'function).',
  params: {},
  bounds: () => [
    [-10, 10],
    [-10, 10],
  ],
  minima: () => [{ x: 1, y: 3, value: 0, label: 'global (1, 3)' }],
  saddles: () => [],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: () => hessian(),
  wgsl,
});
