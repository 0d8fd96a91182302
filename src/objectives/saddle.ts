import wgsl from '../../shaders/objectives/saddle.wgsl?raw';
import type { ParamSpec } from '../spec/params';
import { refineCritical } from './critical';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

interface SaddleParams {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

function valueGrad(x: number, y: number, p: SaddleParams): ValueGrad {
  const gx = p.a * x;
  const y2 = y * y;
  return {
    value: 0.5 * gx * x + y2 * (0.25 * p.c * y2 - 0.5 * p.b),
    gx,
    gy: y * (p.c * y2 - p.b),
  };
}

function hessian(_x: number, y: number, p: SaddleParams): Hessian2 {
  return { hxx: p.a, hxy: 0, hyy: 3 * p.c * y * y - p.b };
}

const positive = (label: string, doc: string): ParamSpec => ({
  label,
  doc,
  default: 1,
  min: 0,
  max: 100,
  minInclusive: false,
  scale: 'log',
});

/** Where the two minima sit on the y axis. */
const well = (p: SaddleParams) => Math.sqrt(p.b / p.c);

/** A strict saddle between two minima: escaping it needs noise or momentum. */
export const saddle = landscape({
  id: 'saddle',
  name: 'Saddle',
  summary:
    'A saddle at the origin that opens into two minima: runs started on ' +
    'the stable axis stall there, and escaping shows the role of noise, ' +
    'momentum and the size of the negative curvature.',
  reference:
    'R. Ge, F. Huang, C. Jin, Y. Yuan, Escaping From Saddle Points: Online ' +
    'Stochastic Gradient for Tensor Decomposition, COLT 2015.',
  params: {
    a: positive('curvature a', 'Curvature along x, the stable direction.'),
    b: positive(
      'negative curvature b',
      'Size of the negative curvature along y at the saddle.',
    ),
    c: positive(
      'quartic c',
      'Quartic stiffness that closes the y direction into two wells at ' +
        'y = +-sqrt(b / c).',
    ),
  },
  bounds: (p) => {
    const r = Math.max(2, 1.5 * well(p));
    return [
      [-r, r],
      [-r, r],
    ];
  },
  minima: (p) => {
    const vg = (x: number, y: number) => valueGrad(x, y, p);
    const h = (x: number, y: number) => hessian(x, y, p);
    const w = well(p);
    return [
      refineCritical(vg, h, 0, w, 'upper (0, +sqrt(b/c))'),
      refineCritical(vg, h, 0, -w, 'lower (0, -sqrt(b/c))'),
    ];
  },
  saddles: () => [{ x: 0, y: 0, value: 0, label: 'saddle (0, 0)' }],
  basinRadius: (p) => 0.2 * well(p),
  valueGrad,
  hessian,
  wgsl,
});
