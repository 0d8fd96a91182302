import wgsl from '../../shaders/objectives/beale.wgsl?raw';
import { refineCritical } from './critical';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

function valueGrad(x: number, y: number): ValueGrad {
  const y2 = y * y;
  const y3 = y2 * y;
  const m1 = y - 1;
  const m2 = y2 - 1;
  const m3 = y3 - 1;
  const t1 = 1.5 + x * m1;
  const t2 = 2.25 + x * m2;
  const t3 = 2.625 + x * m3;
  return {
    value: t1 * t1 + t2 * t2 + t3 * t3,
    gx: 2 * (t1 * m1 + t2 * m2 + t3 * m3),
    gy: 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3),
  };
}

function hessian(x: number, y: number): Hessian2 {
  const y2 = y * y;
  const y3 = y2 * y;
  const m1 = y - 1;
  const m2 = y2 - 1;
  const m3 = y3 - 1;
  const t1 = 1.5 + x * m1;
  const t2 = 2.25 + x * m2;
  const t3 = 2.625 + x * m3;
  return {
    hxx: 2 * (m1 * m1 + m2 * m2 + m3 * m3),
    hxy:
      2 * (t1 + 2 * y * t2 + 3 * y2 * t3) +
      2 * x * (m1 + 2 * y * m2 + 3 * y2 * m3),
    hyy: 2 * x * (x * (1 + 4 * y2 + 9 * y2 * y2) + 2 * t2 + 6 * y * t3),
  };
}

const refine = (x: number, y: number, label: string) =>
  refineCritical(valueGrad, hessian, x, y, label);

/** Beale (1958): a narrow curved valley with steep outer walls. */
export const beale = landscape({
  id: 'beale',
  name: 'Beale',
  summary:
    'A single minimum at the end of a narrow curved valley, with walls ' +
    'that grow like y^6 and a flat ridge along x = 0: large steps blow up, ' +
    'small ones crawl.',
  reference:
    'E. M. L. Beale, On an Iterative Method for Finding a Local Minimum of ' +
    'a Function of More than One Variable, Tech. Rep. 25, Statistical ' +
    'Techniques Research Group, Princeton University, 1958.',
  params: {},
  bounds: () => [
    [-4.5, 4.5],
    [-4.5, 4.5],
  ],
  minima: () => [{ x: 3, y: 0.5, value: 0, label: 'global (3, 0.5)' }],
  saddles: () => [
    refine(0.100538, -2.644514, 'saddle (0.10, -2.64)'),
    refine(0, 1, 'saddle (0, 1)'),
  ],
  basinRadius: () => 0.1,
  valueGrad: (x, y) => valueGrad(x, y),
  hessian: (x, y) => hessian(x, y),
  wgsl,
});
