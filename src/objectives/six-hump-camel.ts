import wgsl from '../../shaders/objectives/six-hump-camel.wgsl?raw';
import { refineCritical } from './critical';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

function valueGrad(x: number, y: number): ValueGrad {
  const x2 = x * x;
  const y2 = y * y;
  return {
    value: x2 * (4 + x2 * (x2 / 3 - 2.1)) + x * y + y2 * (4 * y2 - 4),
    gx: x * (8 + x2 * (2 * x2 - 8.4)) + y,
    gy: x + y * (16 * y2 - 8),
  };
}

function hessian(x: number, y: number): Hessian2 {
  const x2 = x * x;
  return { hxx: 8 + x2 * (10 * x2 - 25.2), hxy: 1, hyy: 48 * y * y - 8 };
}

const refine = (x: number, y: number, label: string) =>
  refineCritical(valueGrad, hessian, x, y, label);

/** The six-hump camel back: two global minima among six. */
export const sixHumpCamel = landscape({
  id: 'six-hump-camel',
  name: 'Six-hump camel',
  summary:
    'Six minima, two of them global and mirror images: which one a run ' +
    'reaches depends on its start, and shallow side minima catch runs ' +
    'that start far out.',
  reference:
    'L. C. W. Dixon, G. P. Szego, The global optimisation problem: an ' +
    'introduction, in Towards Global Optimisation 2, North-Holland, 1978; ' +
    'M. Jamil, X.-S. Yang, IJMMNO 4(2), 2013.',
  params: {},
  bounds: () => [
    [-3, 3],
    [-2, 2],
  ],
  minima: () => [
    refine(0.0898, -0.7126, 'global (0.09, -0.71)'),
    refine(-0.0898, 0.7126, 'global (-0.09, 0.71)'),
    refine(-1.7036, 0.7961, 'local (-1.70, 0.80)'),
    refine(1.7036, -0.7961, 'local (1.70, -0.80)'),
    refine(1.6071, 0.5687, 'local (1.61, 0.57)'),
    refine(-1.6071, -0.5687, 'local (-1.61, -0.57)'),
  ],
  saddles: () => [
    refine(0, 0, 'saddle (0, 0)'),
    refine(1.109205, -0.768268, 'saddle (1.11, -0.77)'),
    refine(-1.109205, 0.768268, 'saddle (-1.11, 0.77)'),
    refine(1.638068, 0.228674, 'saddle (1.64, 0.23)'),
    refine(-1.638068, -0.228674, 'saddle (-1.64, -0.23)'),
    refine(1.29607, 0.605084, 'saddle (1.30, 0.61)'),
    refine(-1.29607, -0.605084, 'saddle (-1.30, -0.61)'),
    refine(1.23023, 0.162335, 'maximum (1.23, 0.16)'),
    refine(-1.23023, -0.162335, 'maximum (-1.23, -0.16)'),
  ],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x, y) => hessian(x, y),
  wgsl,
});
