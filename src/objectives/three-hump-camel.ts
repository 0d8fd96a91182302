import wgsl from '../../shaders/objectives/three-hump-camel.wgsl?raw';
import { refineCritical } from './critical';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

function valueGrad(x: number, y: number): ValueGrad {
  const x2 = x * x;
  return {
    value: x2 * (2 + x2 * (x2 / 6 - 1.05)) + x * y + y * y,
    gx: x * (4 + x2 * (x2 - 4.2)) + y,
    gy: x + 2 * y,
  };
}

function hessian(x: number): Hessian2 {
  const x2 = x * x;
  return { hxx: 4 + x2 * (5 * x2 - 12.6), hxy: 1, hyy: 2 };
}

const refine = (x: number, y: number, label: string) =>
  refineCritical(valueGrad, hessian, x, y, label);

/** The three-hump camel: one global and two shallow local minima. */
export const threeHumpCamel = landscape({
  id: 'three-hump-camel',
  name: 'Three-hump camel',
  summary:
    'A global minimum at the origin flanked by two shallow local minima ' +
    'on steep sextic walls: the simplest picture of a local trap.',
  reference:
    'M. Jamil, X.-S. Yang, A literature survey of benchmark functions for ' +
    'global optimization problems, IJMMNO 4(2), 150-194, 2013 (three-hump ' +
    'camel function); S. Surjanovic, D. Bingham, Virtual Library of ' +
    'Simulation Experiments.',
  params: {},
  bounds: () => [
    [-5, 5],
    [-5, 5],
  ],
  minima: () => [
    { x: 0, y: 0, value: 0, label: 'global (0, 0)' },
    refine(1.7476, -0.8738, 'local (1.75, -0.87)'),
    refine(-1.7476, 0.8738, 'local (-1.75, 0.87)'),
  ],
  saddles: () => [
    refine(1.070542, -0.535271, 'saddle (1.07, -0.54)'),
    refine(-1.070542, 0.535271, 'saddle (-1.07, 0.54)'),
  ],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x) => hessian(x),
  wgsl,
});
