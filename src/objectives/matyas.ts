import wgsl from '../../shaders/objectives/matyas.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

function valueGrad(x: number, y: number): ValueGrad {
  return {
    value: 0.26 * (x * x + y * y) - 0.48 * x * y,
    gx: 0.52 * x - 0.48 * y,
    gy: 0.52 * y - 0.48 * x,
  };
}

function hessian(): Hessian2 {
  return { hxx: 0.52, hxy: -0.48, hyy: 0.52 };
}

/** Matyas: a flat diagonal valley, condition number 25. */
export const matyas = landscape({
  id: 'matyas',
  name: 'Matyas',
  summary:
    'A bowl that is almost flat along the diagonal (curvature 0.04 against ' +
    '1): the gradient points across the valley, not along it, so plain ' +
    'gradient descent creeps.',
  reference:
    'M. Jamil, X.-S. Yang, A literature survey of benchmark functions for ' +
    'global optimization problems, IJMMNO 4(2), 150-194, 2013 (Matyas ' +
    'function); S. Surjanovic, D. Bingham, Virtual Library of Simulation ' +
    'Experiments.',
  params: {},
  bounds: () => [
    [-10, 10],
    [-10, 10],
  ],
  minima: () => [{ x: 0, y: 0, value: 0, label: 'global (0, 0)' }],
  saddles: () => [],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: () => hessian(),
  wgsl,
});
