import wgsl from '../../shaders/objectives/quadratic.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

interface QuadraticParams {
  readonly kappa: number;
  readonly angle: number;
  readonly scale: number;
}

/**
 * The unit vector of the stiff axis u. It is normalized again, as in the
 * WGSL twin, where GPUs compute cos and sin to a few digits only: a unit
 * (c, s) keeps the Hessian's eigenvalues at scale and scale / kappa.
 */
function axis(angle: number): [number, number] {
  const t = angle * (Math.PI / 180);
  const rx = Math.cos(t);
  const ry = Math.sin(t);
  const n = Math.hypot(rx, ry);
  return [rx / n, ry / n];
}

function valueGrad(x: number, y: number, p: QuadraticParams): ValueGrad {
  const [c, s] = axis(p.angle);
  const l1 = p.scale;
  const l2 = p.scale / p.kappa;
  const u = c * x + s * y;
  const v = c * y - s * x;
  const gu = l1 * u;
  const gv = l2 * v;
  return {
    value: 0.5 * (gu * u + gv * v),
    gx: c * gu - s * gv,
    gy: s * gu + c * gv,
  };
}

function hessian(_x: number, _y: number, p: QuadraticParams): Hessian2 {
  const [c, s] = axis(p.angle);
  const l1 = p.scale;
  const l2 = p.scale / p.kappa;
  return {
    hxx: l1 * c * c + l2 * s * s,
    hxy: (l1 - l2) * c * s,
    hyy: l1 * s * s + l2 * c * c,
  };
}

/** The rotated quadratic bowl: the model problem of first-order methods. */
export const quadratic = landscape({
  id: 'quadratic',
  name: 'Rotated quadratic',
  summary:
    'An ill-conditioned rotated bowl whose curvatures are known exactly: ' +
    'it shows the 2/lambda step-size limit of gradient descent, zig-zagging ' +
    'across the stiff axis and how momentum speeds up the flat one.',
  reference:
    'J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer ' +
    '2006, ch. 3 (steepest descent on quadratics); B. T. Polyak, Some ' +
    'methods of speeding up the convergence of iteration methods, USSR ' +
    'Comput. Math. Math. Phys. 4(5), 1964.',
  params: {
    kappa: {
      label: 'condition number',
      doc: 'Ratio of the largest to the smallest curvature (kappa).',
      default: 10,
      min: 1,
      max: 1e4,
      scale: 'log',
    },
    angle: {
      label: 'angle (degrees)',
      doc: 'Direction of the stiff axis, in degrees from the x axis.',
      default: 30,
      min: -90,
      max: 90,
      scale: 'linear',
    },
    scale: {
      label: 'largest curvature',
      doc: 'The curvature along the stiff axis (lambda_max); the flat axis has lambda_max / kappa.',
      default: 1,
      min: 0,
      max: 100,
      minInclusive: false,
      scale: 'log',
    },
  },
  bounds: () => [
    [-5, 5],
    [-5, 5],
  ],
  minima: () => [{ x: 0, y: 0, value: 0, label: 'minimum (0, 0)' }],
  saddles: () => [],
  basinRadius: () => 0.1,
  valueGrad,
  hessian,
  wgsl,
});
