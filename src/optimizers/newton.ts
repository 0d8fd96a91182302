import newtonWgsl from '../../shaders/optimizers/newton.wgsl?raw';
import diagWgsl from '../../shaders/optimizers/newton-diag.wgsl?raw';
import { lrParam, vector2Optimizer, type StepContext } from './optimizer';

/** Floor of |lambda| + damping, as `newton_min_curvature` in newton.wgsl. */
const MIN_CURVATURE = 1e-12;

const hyper = {
  lr: {
    ...lrParam(1),
    doc: 'Fraction of the (regularized) Newton step taken.',
  },
  damping: {
    label: 'damping',
    doc:
      'Added to the magnitude of every curvature (Levenberg-Marquardt): ' +
      'bounds the step where the landscape is nearly flat.',
    default: 1e-2,
    min: 0,
    max: 1e3,
    scale: 'log',
  },
  maxStep: {
    label: 'max step',
    doc: 'Longest step allowed: longer steps are shortened to this length.',
    default: 1,
    min: 0,
    max: 1e3,
    minInclusive: false,
    scale: 'log',
  },
} as const;

type NewtonConsts = Readonly<Record<'lr' | 'damping' | 'max_step', number>>;

function consts(
  h: Readonly<Record<keyof typeof hyper, number>>,
  { lr }: StepContext,
): NewtonConsts {
  return { lr, damping: h.damping, max_step: h.maxStep };
}

/** The step p shortened to at most max_step, subtracted from x. */
function clampedStep(
  x: readonly [number, number],
  px: number,
  py: number,
  c: NewtonConsts,
): [number, number] {
  const pLen = Math.sqrt(px * px + py * py);
  const scale = c.max_step / Math.max(pLen, c.max_step);
  return [x[0] - scale * px, x[1] - scale * py];
}

/**
 * Saddle-free Newton with Levenberg-Marquardt damping and a step-length
 * clamp. Writing H = mean I + r N with N = [[nc, ns], [ns, -nc]] (whose
 * eigenvalues are +1 and -1), any function of H is (f1 + f2) / 2 I +
 * (f1 - f2) / 2 N, so no eigenvector is formed; an isotropic Hessian
 * (r = 0) takes N = diag(1, -1), where its weight f1 - f2 is 0 anyway.
 */
export const newton = vector2Optimizer({
  id: 'newton',
  name: 'Newton (saddle-free)',
  family: 'second-order',
  summary:
    'Newton step with each Hessian eigenvalue replaced by its magnitude ' +
    'plus a damping term, so negative curvature pushes away from saddles ' +
    'and maxima; steps longer than max step are shortened to it.',
  reference:
    'Y. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, S. Ganguli, Y. Bengio, ' +
    'Identifying and attacking the saddle point problem in ' +
    'high-dimensional non-convex optimization, NIPS 2014; K. Levenberg ' +
    '1944, D. Marquardt 1963.',
  hyper,
  state: ['unused'],
  consts,
  update2: (x, g, h, _s, c) => {
    const mean = 0.5 * (h.hxx + h.hyy);
    const dHalf = 0.5 * (h.hxx - h.hyy);
    const r = Math.sqrt(dHalf * dHalf + h.hxy * h.hxy);
    const anisotropic = r > 0;
    const rSafe = anisotropic ? r : 1;
    const nc = anisotropic ? dHalf / rSafe : 1;
    const ns = anisotropic ? h.hxy / rSafe : 0;
    const f1 = 1 / Math.max(Math.abs(mean + r) + c.damping, MIN_CURVATURE);
    const f2 = 1 / Math.max(Math.abs(mean - r) + c.damping, MIN_CURVATURE);
    const a = 0.5 * (f1 + f2);
    const b = 0.5 * (f1 - f2);
    const ngx = nc * g[0] + ns * g[1];
    const ngy = ns * g[0] - nc * g[1];
    const px = c.lr * (a * g[0] + b * ngx);
    const py = c.lr * (a * g[1] + b * ngy);
    return clampedStep(x, px, py, c);
  },
  wgsl: newtonWgsl,
});

/** Diagonal Newton: each coordinate divided by its own |h_ii| + damping. */
export const newtonDiag = vector2Optimizer({
  id: 'newton-diag',
  name: 'Diagonal Newton',
  family: 'second-order',
  summary:
    'Divides each coordinate of the gradient by the magnitude of its own ' +
    'second derivative plus a damping term, ignoring the cross term ' +
    'hxy; steps longer than max step are shortened to it.',
  reference:
    'S. Becker, Y. LeCun, Improving the Convergence of Back-Propagation ' +
    'Learning with Second Order Methods, Proc. 1988 Connectionist Models ' +
    'Summer School.',
  hyper,
  state: ['unused'],
  consts,
  update2: (x, g, h, _s, c) => {
    const dx = g[0] / Math.max(Math.abs(h.hxx) + c.damping, MIN_CURVATURE);
    const dy = g[1] / Math.max(Math.abs(h.hyy) + c.damping, MIN_CURVATURE);
    return clampedStep(x, c.lr * dx, c.lr * dy, c);
  },
  wgsl: diagWgsl,
});
